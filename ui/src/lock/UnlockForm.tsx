// Unlocking an existing vault: one button for a keychain vault, a passphrase field otherwise.
// A wrong passphrase shows the backend's message and keeps focus in the (cleared) field.
import { useEffect, useRef, useState } from "preact/hooks";
import { call, toCallError, type AppInfo, type VaultStatus } from "../api";

export function UnlockForm(props: { info: AppInfo; onUnlocked: (status: VaultStatus) => void }) {
  const { info } = props;
  const usesKeychain = info.key_mode === "keychain";
  const unknownMode = info.key_mode === null;
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => (usesKeychain ? button.current : field.current)?.focus(), [usesKeychain]);

  const unlock = async (withPassphrase: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const status = await call("vault_unlock", { passphrase: withPassphrase });
      setPassphrase("");
      props.onUnlocked(status);
    } catch (err) {
      setPassphrase("");
      setBusy(false);
      setError(toCallError(err).message);
      requestAnimationFrame(() => (withPassphrase === null ? button.current : field.current)?.focus());
    }
  };

  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (usesKeychain) void unlock(null);
        else if (passphrase !== "") void unlock(passphrase);
        else setError("Type the vault's passphrase.");
      }}
    >
      {info.demo_passphrase !== null && (
        <p class="note">
          Demo vault — passphrase: <code>{info.demo_passphrase}</code>
        </p>
      )}
      {usesKeychain ? (
        <p class="muted">The key is in this computer's keychain.</p>
      ) : (
        <label class="field">
          <span>Passphrase</span>
          <input
            ref={field}
            type="password"
            name="passphrase"
            autocomplete="current-password"
            value={passphrase}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
            aria-invalid={error !== null}
            aria-describedby="unlock-error"
            disabled={busy}
          />
        </label>
      )}
      <p id="unlock-error" class="error" role="alert" aria-live="assertive">
        {error}
      </p>
      <div class="form__actions">
        <button ref={button} type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Unlocking…" : usesKeychain ? "Unlock with keychain" : "Unlock"}
        </button>
        {unknownMode && (
          <button type="button" class="button" disabled={busy} onClick={() => void unlock(null)}>
            Use the keychain instead
          </button>
        )}
      </div>
    </form>
  );
}

// Creating the vault on first run: the key lives in the OS keychain by default; a passphrase is
// the alternative (and the only choice when there is no keychain). Fields are cleared on submit.
import { useEffect, useRef, useState } from "preact/hooks";
import { call, toCallError, type AppInfo, type KeyMode, type VaultStatus } from "../api";
import { MIN_PASSPHRASE_LENGTH, passphraseStrength, STRENGTH_HINT } from "../lib/passphraseStrength";

export function CreateVaultForm(props: { info: AppInfo; onCreated: (status: VaultStatus) => void }) {
  const keychain = props.info.keychain_available;
  const [mode, setMode] = useState<KeyMode>(keychain ? "keychain" : "passphrase");
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const submit = useRef<HTMLButtonElement>(null);

  useEffect(() => (mode === "passphrase" ? first.current : submit.current)?.focus(), [mode]);

  const strength = passphraseStrength(passphrase);
  const mismatch = confirm !== "" && confirm !== passphrase;

  const create = async () => {
    if (mode === "passphrase") {
      if (strength === "too-short") return setError(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
      if (passphrase !== confirm) return setError("The two passphrases are different.");
    }
    const secret = mode === "passphrase" ? passphrase : null;
    setPassphrase("");
    setConfirm("");
    setBusy(true);
    setError(null);
    try {
      props.onCreated(await call("vault_create", { key_mode: mode, passphrase: secret }));
    } catch (err) {
      setBusy(false);
      setError(toCallError(err).message);
      requestAnimationFrame(() => (mode === "passphrase" ? first.current : submit.current)?.focus());
    }
  };

  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <fieldset class="choices">
        <legend>How the vault is unlocked</legend>
        <label class="choice">
          <input type="radio" name="key_mode" value="keychain" checked={mode === "keychain"} disabled={!keychain || busy} onChange={() => setMode("keychain")} />
          <span>
            <strong>This computer's keychain</strong> <span class="muted">(recommended)</span>
            <span class="choice__detail muted">A random key is kept in the system keychain; unlocking needs no typing.</span>
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="key_mode" value="passphrase" checked={mode === "passphrase"} disabled={busy} onChange={() => setMode("passphrase")} />
          <span>
            <strong>A passphrase</strong>
            <span class="choice__detail muted">
              Use a passphrase instead if this computer has no keychain or you want to type a passphrase each time; it cannot be recovered if lost.
            </span>
          </span>
        </label>
        {!keychain && (
          <p class="note">No system keychain is available on this computer, so Coffer will protect the vault with a passphrase. The key is never stored anywhere else.</p>
        )}
      </fieldset>
      {mode === "passphrase" && (
        <>
          <label class="field">
            <span>Passphrase</span>
            <input
              ref={first}
              type="password"
              name="new-passphrase"
              autocomplete="new-password"
              value={passphrase}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
              aria-describedby="strength-hint"
              disabled={busy}
            />
          </label>
          <p id="strength-hint" class={passphrase === "" ? "hint" : `hint hint--${strength}`} aria-live="polite">
            {passphrase === "" ? `At least ${MIN_PASSPHRASE_LENGTH} characters; four or more unrelated words work well.` : STRENGTH_HINT[strength]}
          </p>
          <label class="field">
            <span>Confirm passphrase</span>
            <input
              type="password"
              name="confirm-passphrase"
              autocomplete="new-password"
              value={confirm}
              onInput={(e) => setConfirm(e.currentTarget.value)}
              aria-invalid={mismatch}
              aria-describedby="confirm-hint"
              disabled={busy}
            />
          </label>
          <p id="confirm-hint" class="hint" aria-live="polite">
            {mismatch ? "The two passphrases are different." : ""}
          </p>
        </>
      )}
      <p class="error" role="alert" aria-live="assertive">
        {error}
      </p>
      <div class="form__actions">
        <button ref={submit} type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Creating…" : "Create vault"}
        </button>
      </div>
    </form>
  );
}

// Settings sections for the vault's care: auto-lock after idle, how it is protected (change the
// passphrase, or move between keychain and passphrase), encrypted backup and restore. Passphrases
// go to Rust and the fields are cleared at once; nothing secret is ever shown back. In the desktop
// app the backup's file is chosen in the native save dialog; a browser types a path or gets the
// Downloads folder (it has no dialog that can name a file on this computer).
import { useState } from "preact/hooks";
import { call, toCallError, transport, type AppInfo, type KeyMode, type VaultStatus } from "../api";
import { dataChanged } from "../app/dataEvents";
import { MIN_PASSPHRASE_LENGTH } from "../lib/passphraseStrength";
import { useLoad } from "../lib/useLoad";

const AUTO_LOCK_CHOICES = [0, 1, 5, 15, 30, 60, 240];

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** `work` answers the message to show, or null for none (a cancelled dialog). */
  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (err) {
      setError(toCallError(err).message);
    } finally {
      setBusy(false);
    }
  };
  const outcome = (
    <>
      {done !== null && (
        <p class="note" role="status">
          {done}
        </p>
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
  return { busy, run, outcome };
}

export function AutoLock(props: { onError: (err: unknown) => void }) {
  const { data } = useLoad(() => call("settings_get"), props.onError);
  const { busy, run, outcome } = useAction();
  const current = data?.auto_lock_minutes ?? null;
  return (
    <section class="card" aria-labelledby="autolock-heading">
      <h2 id="autolock-heading">Auto-lock</h2>
      <p class="muted">After this long without keyboard or mouse use, Coffer locks the vault and forgets its key.</p>
      <label class="field field--inline">
        <span>Lock after</span>
        <select
          name="auto-lock"
          value={current ?? ""}
          disabled={current === null || busy}
          onChange={(e) => {
            const minutes = Number(e.currentTarget.value);
            void run(async () => {
              await call("settings_set", { auto_lock_minutes: minutes });
              dataChanged();
              return minutes === 0 ? "Coffer will not lock by itself." : `Coffer locks after ${minutes} idle ${minutes === 1 ? "minute" : "minutes"}.`;
            });
          }}
        >
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m === 0 ? "Never" : m < 60 ? `${m} ${m === 1 ? "minute" : "minutes"}` : `${m / 60} ${m === 60 ? "hour" : "hours"}`}
            </option>
          ))}
        </select>
      </label>
      {outcome}
    </section>
  );
}

export function Protection(props: { info: AppInfo; status: VaultStatus | null; onChanged: () => void }) {
  const current: KeyMode | null = props.status?.key_source ?? props.info.key_mode;
  const [mode, setMode] = useState<KeyMode>(current === "keychain" ? "keychain" : "passphrase");
  const [old, setOld] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const { busy, run, outcome } = useAction();
  const submit = () => {
    const request = { key_mode: mode, current_passphrase: current === "passphrase" ? old : null, new_passphrase: mode === "passphrase" ? next : null };
    const mismatch = mode === "passphrase" && next !== confirm;
    const short = mode === "passphrase" && next.length < MIN_PASSPHRASE_LENGTH;
    setOld("");
    setNext("");
    setConfirm("");
    void run(async () => {
      if (short) throw { kind: "invalid_input", message: `The new passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` };
      if (mismatch) throw { kind: "invalid_input", message: "The two new passphrases are different." };
      const status = await call("vault_rekey", request);
      props.onChanged();
      return status.key_source === "keychain" ? "The vault's key is now a new random key in this computer's keychain." : "The vault is now protected by the new passphrase.";
    });
  };
  return (
    <section class="card" aria-labelledby="protection-heading">
      <h2 id="protection-heading">Passphrase and key</h2>
      <p class="muted">Re-encrypts the whole vault with a new key. A keychain key unlocks without typing; a passphrase works where there is no keychain.</p>
      <form
        class="form"
        aria-label="Change how the vault is protected"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label class="field">
          <span>Protect the vault with</span>
          <select name="rekey-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as KeyMode)}>
            <option value="passphrase">{current === "passphrase" ? "A new passphrase" : "A passphrase"}</option>
            <option value="keychain" disabled={!props.info.keychain_available}>
              A new key in this computer's keychain{props.info.keychain_available ? "" : " (no keychain here)"}
            </option>
          </select>
        </label>
        {current === "passphrase" && (
          <label class="field">
            <span>Current passphrase</span>
            <input type="password" name="current-passphrase" autocomplete="current-password" value={old} onInput={(e) => setOld(e.currentTarget.value)} required />
          </label>
        )}
        {mode === "passphrase" && (
          <>
            <label class="field">
              <span>New passphrase</span>
              <input type="password" name="new-passphrase" autocomplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} required />
            </label>
            <label class="field">
              <span>New passphrase again</span>
              <input type="password" name="confirm-passphrase" autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} required />
            </label>
          </>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? "Re-encrypting…" : "Change"}
          </button>
        </div>
      </form>
      {outcome}
    </section>
  );
}

export function BackupRestore(props: { info: AppInfo; status: VaultStatus | null; onRestored: () => void }) {
  const [backupPass, setBackupPass] = useState("");
  const [target, setTarget] = useState("");
  const [lastBackup, setLastBackup] = useState<string | null>(null);
  const [source, setSource] = useState("");
  const [restorePass, setRestorePass] = useState("");
  const [vaultPass, setVaultPass] = useState("");
  const keyMode: KeyMode = props.status?.key_source ?? props.info.key_mode ?? "passphrase";
  const backup = useAction();
  const restore = useAction();
  const desktop = transport().kind === "tauri";
  return (
    <section class="card" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backup and restore</h2>
      <p class="muted">
        A backup is an encrypted copy protected by its own passphrase, so it can be opened on another computer.{" "}
        {desktop ? "You choose where to save it." : "It is written to your Downloads folder unless you give another path on this computer."}
      </p>
      <form
        class="form"
        aria-label="Back up the vault"
        onSubmit={(e) => {
          e.preventDefault();
          const pass = backupPass;
          setBackupPass("");
          void backup.run(async () => {
            if (pass.length < MIN_PASSPHRASE_LENGTH) throw { kind: "invalid_input", message: `The backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` };
            const result = desktop
              ? await call("vault_backup_to_chosen_file", { backup_passphrase: pass })
              : await call("vault_backup", { backup_passphrase: pass, target: target.trim() === "" ? null : target.trim() });
            if (result === null) return null; // the save dialog was cancelled: nothing written
            setLastBackup(result.path);
            setSource(result.path);
            return `Backup written to ${result.path}.`;
          });
        }}
      >
        <label class="field">
          <span>Backup passphrase</span>
          <input type="password" name="backup-passphrase" autocomplete="new-password" value={backupPass} onInput={(e) => setBackupPass(e.currentTarget.value)} required />
        </label>
        {!desktop && (
          <label class="field">
            <span>Save to (optional)</span>
            <input type="text" name="backup-target" placeholder="~/Downloads/coffer-backup-….db" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
          </label>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={backup.busy}>
            {backup.busy ? "Writing the backup…" : desktop ? "Choose where to save…" : "Back up now"}
          </button>
        </div>
      </form>
      {backup.outcome}
      <form
        class="form"
        aria-label="Restore a backup"
        onSubmit={(e) => {
          e.preventDefault();
          const pass = restorePass;
          const newPass = vaultPass;
          setRestorePass("");
          setVaultPass("");
          void restore.run(async () => {
            const result = await call("vault_restore", { backup_path: source.trim(), backup_passphrase: pass, key_mode: keyMode, passphrase: keyMode === "passphrase" ? newPass : null });
            dataChanged();
            props.onRestored();
            return `Restored. The vault it replaced is kept at ${result.replaced_kept_at}.`;
          });
        }}
      >
        <h3>Restore</h3>
        <p class="muted">Replaces the vault's contents with the backup's; the current vault is kept beside it under a dated name.</p>
        <label class="field">
          <span>Backup file on this computer</span>
          <input type="text" name="restore-path" placeholder={lastBackup ?? "/path/to/coffer-backup.db"} value={source} onInput={(e) => setSource(e.currentTarget.value)} required />
        </label>
        <label class="field">
          <span>Backup passphrase</span>
          <input type="password" name="restore-passphrase" autocomplete="off" value={restorePass} onInput={(e) => setRestorePass(e.currentTarget.value)} required />
        </label>
        {keyMode === "passphrase" && (
          <label class="field">
            <span>Passphrase for the restored vault</span>
            <input type="password" name="restored-vault-passphrase" autocomplete="new-password" value={vaultPass} onInput={(e) => setVaultPass(e.currentTarget.value)} required />
          </label>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--danger" disabled={restore.busy}>
            {restore.busy ? "Restoring…" : "Restore this backup"}
          </button>
        </div>
      </form>
      {restore.outcome}
    </section>
  );
}

// Settings (this milestone): lock now, what protects the vault, the app version, and the
// shortcut sheet. Auto-lock, passphrase changes, backup and the audit log come later.
import type { AppInfo, VaultStatus } from "../api";
import { viewInfo } from "../app/routes";
import { Keys } from "../shortcuts/Keys";
import { keyModeLabel } from "./labels";
import { ViewHeader } from "./ViewHeader";

export interface SettingsProps {
  info: AppInfo;
  status: VaultStatus | null;
  onLock: () => void;
  locking: boolean;
  onShowShortcuts: () => void;
}

export function Settings(props: SettingsProps) {
  const info = viewInfo("settings");
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose} />
      <section class="card" aria-labelledby="lock-heading">
        <h2 id="lock-heading">Lock</h2>
        <p class="muted">Locking closes the vault: nothing can be read until it is unlocked again.</p>
        <button type="button" class="button button--primary" onClick={props.onLock} disabled={props.locking} aria-keyshortcuts="Control+L Meta+L">
          {props.locking ? "Locking…" : "Lock now"} <Keys keys="Mod+L" />
        </button>
      </section>
      <section class="card" aria-labelledby="vault-settings-heading">
        <h2 id="vault-settings-heading">Vault</h2>
        <dl class="facts">
          <dt>Location</dt>
          <dd>
            <code class="path">{props.status?.path ?? props.info.vault_path}</code>
          </dd>
          <dt>Key</dt>
          <dd>{keyModeLabel(props.status?.key_source ?? props.info.key_mode)}</dd>
          <dt>Coffer version</dt>
          <dd>{props.info.version}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="keyboard-heading">
        <h2 id="keyboard-heading">Keyboard</h2>
        <p class="muted">Every action has a shortcut.</p>
        <button type="button" class="button" onClick={props.onShowShortcuts}>
          Show all shortcuts <Keys keys="?" />
        </button>
      </section>
    </div>
  );
}

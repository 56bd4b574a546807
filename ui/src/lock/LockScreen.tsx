// The lock screen: first run (create the vault) or unlock an existing one. The passphrase goes
// straight from the field to the backend and is cleared from the form afterwards.
import iconUrl from "../../../icons/coffer.svg";
import type { AppInfo, VaultStatus } from "../api";
import { CreateVaultForm } from "./CreateVaultForm";
import { UnlockForm } from "./UnlockForm";

export function LockScreen(props: { info: AppInfo; onUnlocked: (status: VaultStatus) => void }) {
  const { info } = props;
  return (
    <main class="lock">
      <div class="lock__card">
        <div class="lock__brand">
          <img src={iconUrl} alt="" width={56} height={56} />
          <div>
            <h1>{info.vault_exists ? "Unlock Coffer" : "Create your vault"}</h1>
            <p class="muted">
              {info.vault_exists ? "Your accounts are kept in an encrypted vault on this computer." : "Coffer keeps your accounts in an encrypted vault on this computer. Nobody else holds a copy."}
            </p>
          </div>
        </div>
        {info.vault_exists ? <UnlockForm info={info} onUnlocked={props.onUnlocked} /> : <CreateVaultForm info={info} onCreated={props.onUnlocked} />}
        <p class="lock__path muted">
          Vault file: <code class="path">{info.vault_path}</code>
        </p>
      </div>
    </main>
  );
}

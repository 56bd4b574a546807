// "Add connection" › OFX Direct Connect: the bank's OFX server address, its ORG and FID, the
// user's OFX user id and password, and the accounts to download, one per line. The address and
// the account lines are checked here first (Rust checks them again); the password field is
// cleared as soon as it is sent and never shown back.
import { useState } from "preact/hooks";
import { call } from "../../api";
import type { LinkOfxDirectRequest } from "../../api/types/LinkOfxDirectRequest";
import type { LinkResult } from "../../api/types/LinkResult";
import { Problem, useStep } from "./step";

type Field = "url" | "accounts";

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** Why `text` is not an address Coffer sends a password to, or null when it is. */
export function checkOfxUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return "Enter the OFX server's address, starting with https://.";
  }
  if (url.username !== "" || url.password !== "") return "The address must not contain a user name or password.";
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.includes(url.hostname))) return null;
  return "The address must start with https:// (your password is sent to it); http:// only to this computer.";
}

const BANK_KINDS = ["CHECKING", "SAVINGS", "MONEYMRKT", "CD"];

/** The account lines as Rust expects them (blank lines dropped), or the first bad line. */
export function checkOfxAccounts(text: string): { accounts: string[] } | { error: string } {
  const accounts: string[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    const parts = raw.split(":").map((p) => p.trim());
    const kind = (parts[0] ?? "").toUpperCase();
    const rest = parts.slice(1);
    const fits = rest.every((p) => p !== "") && ((kind === "CREDITCARD" && rest.length === 1) || (BANK_KINDS.includes(kind) && rest.length === 2));
    if (!fits) {
      return { error: `Line ${index + 1} ("${raw.trim()}") is not an account: write CREDITCARD:<card number>, or CHECKING, SAVINGS, MONEYMRKT or CD, then :<bank id>:<account number>.` };
    }
    accounts.push([kind, ...rest].join(":"));
  }
  return accounts.length === 0 ? { error: "Enter at least one account to download, one per line." } : { accounts };
}

function FieldError(props: { id: string; error: string | undefined }) {
  return props.error === undefined ? null : (
    <p id={props.id} class="error" role="alert">
      {props.error}
    </p>
  );
}

export function OfxDirect(props: { onLinked: (r: LinkResult) => void }) {
  const { busy, error, run } = useStep();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [org, setOrg] = useState("");
  const [fid, setFid] = useState("");
  const [userId, setUserId] = useState("");
  const [password, setPassword] = useState("");
  const [accounts, setAccounts] = useState("");
  const [xml, setXml] = useState(false);
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const optional = (text: string) => (text.trim() === "" ? null : text.trim());
  const submit = () => {
    const urlError = checkOfxUrl(url);
    const checked = checkOfxAccounts(accounts);
    const errors: Partial<Record<Field, string>> = {};
    if (urlError !== null) errors.url = urlError;
    if ("error" in checked) errors.accounts = checked.error;
    setInvalid(errors);
    if (urlError !== null || "error" in checked) return;
    const request: LinkOfxDirectRequest = {
      institution: optional(name),
      url: url.trim(),
      org: optional(org),
      fid: optional(fid),
      user_id: userId.trim(),
      password,
      accounts: checked.accounts,
      xml,
    };
    setPassword("");
    void run(() => call("link_ofx_direct", request)).then((r) => r && props.onLinked(r));
  };
  return (
    <form
      class="form"
      aria-label="Link OFX Direct Connect"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="field">
        <span>Name (optional)</span>
        <input type="text" name="institution" placeholder="OFX Direct Connect" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>OFX server address</span>
        <input type="url" name="ofx-url" placeholder="https://ofx.bank.example/ofx" value={url} onInput={(e) => setUrl(e.currentTarget.value)} aria-invalid={invalid.url !== undefined} aria-describedby="ofx-url-error" required />
      </label>
      <FieldError id="ofx-url-error" error={invalid.url} />
      <div class="form--row">
        <label class="field">
          <span>ORG (optional)</span>
          <input type="text" name="ofx-org" value={org} onInput={(e) => setOrg(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>FID (optional)</span>
          <input type="text" name="ofx-fid" value={fid} onInput={(e) => setFid(e.currentTarget.value)} />
        </label>
      </div>
      <p class="hint">The address, ORG and FID are in your bank's OFX or Quicken settings.</p>
      <label class="field">
        <span>OFX user id</span>
        <input type="text" name="ofx-user" autocomplete="username" value={userId} onInput={(e) => setUserId(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>OFX password</span>
        <input type="password" name="ofx-password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>Accounts to download</span>
        <textarea name="ofx-accounts" rows={3} spellcheck={false} placeholder={"CREDITCARD:4111222233334444\nSAVINGS:011000015:123456789"} value={accounts} onInput={(e) => setAccounts(e.currentTarget.value)} aria-invalid={invalid.accounts !== undefined} aria-describedby="ofx-accounts-hint ofx-accounts-error" required />
      </label>
      <p id="ofx-accounts-hint" class="hint">
        One per line: <code>CREDITCARD:</code>card number, or <code>CHECKING:</code>, <code>SAVINGS:</code>, <code>MONEYMRKT:</code> or <code>CD:</code> then bank id (routing number)<code>:</code>account number.
      </p>
      <FieldError id="ofx-accounts-error" error={invalid.accounts} />
      <label class="field field--inline">
        <input type="checkbox" name="ofx-xml" checked={xml} onChange={(e) => setXml(e.currentTarget.checked)} />
        <span>The server speaks OFX 2.x (XML); leave off for OFX 1.x (SGML)</span>
      </label>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Linking…" : "Link OFX Direct Connect"}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}

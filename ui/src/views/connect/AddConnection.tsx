// "Add connection": the demo sandbox bank, a card issuer (username, password, then the one-time
// code), FDX (sign in through the browser), SimpleFIN (paste a setup token), OFX Direct Connect
// (server, user id, password and accounts; OfxDirect.tsx), or import a file.
// Secrets go straight to Rust: fields are cleared as soon as they are sent and never shown back.
import { useState } from "preact/hooks";
import { call, transport } from "../../api";
import type { IssuerChallenge } from "../../api/types/IssuerChallenge";
import type { LinkResult } from "../../api/types/LinkResult";
import { dataChanged } from "../../app/dataEvents";
import { ImportFile } from "./ImportFile";
import { OfxDirect } from "./OfxDirect";
import { Problem, useStep } from "./step";

type Kind = "demo" | "issuer" | "fdx" | "simplefin" | "ofx" | "file";

const KINDS: { id: Kind; label: string; detail: string }[] = [
  { id: "demo", label: "Demo sandbox bank", detail: "Synthetic cards, savings and CDs from the sandbox bank that ships with Coffer." },
  { id: "issuer", label: "Card issuer", detail: "Sign in with your username, password and a one-time code." },
  { id: "fdx", label: "FDX (Open Banking)", detail: "Sign in at your bank in the browser; Coffer never sees your password." },
  { id: "simplefin", label: "SimpleFIN Bridge", detail: "Paste the setup token from your SimpleFIN Bridge account." },
  { id: "ofx", label: "OFX Direct Connect", detail: "Your bank's OFX server downloads statements with your OFX user id and password." },
  { id: "file", label: "Import a file", detail: "OFX, QFX or CSV downloads from your bank." },
];

export interface AddConnectionProps {
  /** A connection was linked: the caller offers to sync it. */
  onLinked: (result: LinkResult) => void;
  onClose: () => void;
}

function Demo(props: { onLinked: (r: LinkResult) => void }) {
  const { busy, error, run } = useStep();
  return (
    <div class="form">
      <p class="muted">Coffer starts the sandbox bank on this computer and signs in with its demo account (demo / demo / 123456). Linking it again replaces the earlier demo data.</p>
      <div class="form__actions">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void run(() => call("link_demo")).then((r) => r && props.onLinked(r))}>
          {busy ? "Linking…" : "Link the demo bank"}
        </button>
      </div>
      <Problem error={error} />
    </div>
  );
}

function SimpleFin(props: { onLinked: (r: LinkResult) => void }) {
  const { busy, error, run } = useStep();
  const [token, setToken] = useState("");
  const [name, setName] = useState("");
  return (
    <form
      class="form"
      aria-label="Link SimpleFIN"
      onSubmit={(e) => {
        e.preventDefault();
        const setupToken = token;
        setToken("");
        void run(() => call("link_simplefin", { setup_token: setupToken, institution: name.trim() === "" ? null : name })).then((r) => r && props.onLinked(r));
      }}
    >
      <label class="field">
        <span>Setup token</span>
        <input type="password" name="setup-token" autocomplete="off" spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>Name (optional)</span>
        <input type="text" name="institution" placeholder="SimpleFIN Bridge" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Claiming the token…" : "Link SimpleFIN"}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}

function Issuer(props: { onLinked: (r: LinkResult) => void }) {
  const { busy, error, run } = useStep();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [challenge, setChallenge] = useState<IssuerChallenge | null>(null);
  if (challenge !== null) {
    const where = [challenge.channel, challenge.hint].filter((x) => x !== null).join(" ");
    return (
      <form
        class="form"
        aria-label="One-time code"
        onSubmit={(e) => {
          e.preventDefault();
          const typed = code;
          setCode("");
          void run(() => call("link_issuer_code", { login_id: challenge.login_id, code: typed })).then((r) => {
            if (r !== null) props.onLinked(r);
            else setChallenge(null); // a failed code ends that sign-in; start again
          });
        }}
      >
        <p class="note">The issuer sent a one-time code{where !== "" ? ` (${where})` : ""}. Enter it to finish signing in.</p>
        <label class="field">
          <span>One-time code</span>
          <input type="text" name="otp" inputMode="numeric" autocomplete="one-time-code" maxLength={challenge.length ?? 10} value={code} onInput={(e) => setCode(e.currentTarget.value)} required />
        </label>
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? "Checking…" : "Finish signing in"}
          </button>
        </div>
        <Problem error={error} />
      </form>
    );
  }
  return (
    <form
      class="form"
      aria-label="Sign in to a card issuer"
      onSubmit={(e) => {
        e.preventDefault();
        const secret = password;
        setPassword("");
        void run(() => call("link_issuer_start", { url, institution: name.trim() === "" ? null : name, username, password: secret })).then((c) => c && setChallenge(c));
      }}
    >
      <label class="field">
        <span>Issuer API address</span>
        <input type="url" name="issuer-url" placeholder="https://api.issuer.example/api/v1/barclays-us" value={url} onInput={(e) => setUrl(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>Name (optional)</span>
        <input type="text" name="institution" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Username</span>
        <input type="text" name="username" autocomplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>Password</span>
        <input type="password" name="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
      </label>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}

function Fdx(props: { onLinked: (r: LinkResult) => void }) {
  const { busy, error, run } = useStep();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [clientId, setClientId] = useState("");
  const [address, setAddress] = useState<string | null>(null);
  const desktop = transport().kind === "tauri";
  const start = async () => {
    const started = await run(() => call("link_fdx_start", { url, issuer: null, client_id: clientId.trim() === "" ? null : clientId, institution: name.trim() === "" ? null : name, open_browser: desktop }));
    if (started === null) return;
    setAddress(started.authorize_url);
    // In a browser, open the sign-in in a new tab; the desktop app opened the system browser.
    if (!desktop) window.open(started.authorize_url, "_blank", "noopener,noreferrer");
    const linked = await run(() => call("link_fdx_finish", { login_id: started.login_id }));
    setAddress(null);
    if (linked !== null) props.onLinked(linked);
  };
  return (
    <form
      class="form"
      aria-label="Link an FDX provider"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <label class="field">
        <span>FDX API address</span>
        <input type="url" name="fdx-url" placeholder="https://bank.example/fdx/v6" value={url} onInput={(e) => setUrl(e.currentTarget.value)} required />
      </label>
      <label class="field">
        <span>Name (optional)</span>
        <input type="text" name="institution" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Client id (optional)</span>
        <input type="text" name="client-id" placeholder="coffer" value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
      </label>
      {address !== null && (
        <p class="note" role="status" data-testid="fdx-waiting">
          Waiting for you to sign in at your bank. If no browser window opened,{" "}
          <a href={address} target="_blank" rel="noopener noreferrer">
            open the sign-in page
          </a>
          .
        </p>
      )}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Waiting for the sign-in…" : "Sign in at the bank"}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}

export function AddConnection(props: AddConnectionProps) {
  const [kind, setKind] = useState<Kind>("demo");
  const [imported, setImported] = useState<string | null>(null);
  const linked = (result: LinkResult) => {
    dataChanged();
    props.onLinked(result);
  };
  return (
    <section class="card add-connection" aria-labelledby="add-connection-heading">
      <div class="connection__head">
        <h2 id="add-connection-heading">Add a connection</h2>
        <button type="button" class="button button--quiet" onClick={props.onClose}>
          Close
        </button>
      </div>
      <fieldset class="choices choices--row">
        <legend>Where the data comes from</legend>
        {KINDS.map((k) => (
          <label class="choice" key={k.id}>
            <input type="radio" name="connection-kind" value={k.id} checked={kind === k.id} onChange={() => setKind(k.id)} />
            <span>
              <strong>{k.label}</strong>
              <span class="choice__detail muted">{k.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {kind === "demo" && <Demo onLinked={linked} />}
      {kind === "issuer" && <Issuer onLinked={linked} />}
      {kind === "fdx" && <Fdx onLinked={linked} />}
      {kind === "simplefin" && <SimpleFin onLinked={linked} />}
      {kind === "ofx" && <OfxDirect onLinked={linked} />}
      {kind === "file" && <ImportFile onDone={setImported} />}
      {imported !== null && (
        <p class="note" role="status" data-testid="import-result">
          {imported}
        </p>
      )}
    </section>
  );
}

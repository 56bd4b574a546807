// Screens shown before there is anything to unlock: the browser page lacks a valid token (401
// from `coffer serve`), or Coffer cannot be reached at all.
import iconUrl from "../../../icons/coffer.svg";

export function TokenScreen() {
  return (
    <main class="lock">
      <div class="lock__card" role="alert">
        <div class="lock__brand">
          <img src={iconUrl} alt="" width={56} height={56} />
          <h1>Open the link Coffer printed</h1>
        </div>
        <p>
          This page is not authorized to talk to your vault. Open the exact URL that <code>coffer serve</code> printed as the first line
          of its output — it ends in <code>#token=…</code>.
        </p>
        <p class="muted">The link is valid only for that run of <code>coffer serve</code>; after a restart, use the new link it prints.</p>
      </div>
    </main>
  );
}

export function UnreachableScreen(props: { message: string; onRetry: () => void }) {
  return (
    <main class="lock">
      <div class="lock__card">
        <div class="lock__brand">
          <img src={iconUrl} alt="" width={56} height={56} />
          <h1>Coffer is not responding</h1>
        </div>
        <p class="error" role="alert">
          {props.message}
        </p>
        <div class="form__actions">
          <button type="button" class="button button--primary" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      </div>
    </main>
  );
}

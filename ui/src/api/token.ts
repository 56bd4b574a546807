// The per-launch loopback token for browser mode (`coffer serve`). It arrives once in the URL
// fragment (`#token=...`); we keep it in memory and in sessionStorage (so a reload of the same tab
// works), then strip it from the address bar. It is a session secret of the local server, never
// key material, and never leaves this origin except in the X-Coffer-Token header.

export const TOKEN_STORAGE_KEY = "coffer.serve-token";

export interface TokenEnvironment {
  location: Pick<Location, "hash" | "pathname" | "search">;
  history: Pick<History, "replaceState" | "state">;
  sessionStorage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
}

/** Reads `token` from a fragment such as `#token=abc` or `#token=abc&x=y`; null when absent. */
export function tokenFromFragment(hash: string): string | null {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  if (body === "") return null;
  const token = new URLSearchParams(body).get("token");
  return token !== null && token.trim() !== "" ? token.trim() : null;
}

function safeStorage(env: TokenEnvironment): TokenEnvironment["sessionStorage"] {
  try {
    return env.sessionStorage;
  } catch {
    return null; // storage disabled (e.g. privacy mode): the token lives in memory only
  }
}

/**
 * Takes the token from the fragment (preferred: it belongs to the current launch) or from
 * sessionStorage (a reload), stores it, and removes the fragment from the address bar.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const storage = safeStorage(env);
  const fromFragment = tokenFromFragment(env.location.hash);
  if (fromFragment !== null) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromFragment);
    } catch {
      /* quota or disabled storage: keep it in memory only */
    }
    env.history.replaceState(env.history.state, "", env.location.pathname + env.location.search);
    return fromFragment;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Forgets a token the server rejected, so a stale one is not reused after a reload. */
export function forgetToken(env: Pick<TokenEnvironment, "sessionStorage">): void {
  try {
    env.sessionStorage?.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}

// The unlocked app: sidebar navigation, the top bar (search, shortcuts) and the current view.
// Registers the frame's shortcuts ("g <key>" per view, "/" search, Mod+L lock) while mounted, and
// routes errors: "locked" returns to the lock screen, transport failures go up to App.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { call, toCallError, type AppInfo, type VaultStatus } from "../api";
import { useShortcut, useShortcutRegistry } from "../shortcuts/context";
import { Accounts } from "../views/Accounts";
import { CardActivity } from "../views/CardActivity";
import { CdLadder } from "../views/CdLadder";
import { Connections } from "../views/Connections";
import { Dashboard } from "../views/Dashboard";
import { EmptyView } from "../views/EmptyView";
import { Fico } from "../views/Fico";
import { Rewards } from "../views/Rewards";
import { Settings } from "../views/Settings";
import { Spend } from "../views/Spend";
import { Statements } from "../views/Statements";
import { Transactions } from "../views/Transactions";
import { Transfers } from "../views/Transfers";
import { VIEWS, viewInfo, type ViewId } from "./routes";
import { Sidebar } from "./Sidebar";
import { SyncBar } from "./SyncBar";
import { TopBar } from "./TopBar";
import { useIdleLock } from "./useIdleLock";
import { useLoad } from "../lib/useLoad";

export interface AppFrameProps {
  info: AppInfo;
  status: VaultStatus | null;
  onStatus: (status: VaultStatus) => void;
  /** The vault is (now) locked: go back to the lock screen. */
  onLocked: () => void;
  /** The backend is unreachable or refused our token. */
  onFatal: (err: unknown) => void;
  onShowShortcuts: () => void;
}

/** What every view gets to report a failed call. */
export type ErrorHandler = (err: unknown) => void;

export function AppFrame(props: AppFrameProps) {
  const registry = useShortcutRegistry();
  const [view, setView] = useState<ViewId>("dashboard");
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [locking, setLocking] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const { onLocked, onFatal } = props;

  const onError: ErrorHandler = useCallback(
    (err) => {
      const e = toCallError(err);
      if (e.kind === "locked") onLocked();
      else if (e.kind === "unauthorized" || e.kind === "network") onFatal(e);
      else setError(e.message);
    },
    [onLocked, onFatal],
  );

  const lock = useCallback(async () => {
    if (locking) return;
    setLocking(true);
    try {
      await call("vault_lock");
      onLocked();
    } catch (err) {
      setLocking(false);
      onError(err);
    }
  }, [locking, onLocked, onError]);

  const go = useCallback((next: ViewId) => {
    setError(null);
    setView(next);
  }, []);

  useEffect(() => {
    const offs = VIEWS.map((v) => registry.register({ id: `go.${v.id}`, keys: v.keys, description: `Go to ${v.label}`, group: "Go to", run: () => go(v.id) }));
    return () => offs.forEach((off) => off());
  }, [registry, go]);
  // Auto-lock after the vault's idle delay (Settings); Rust drops the key when it locks.
  const { data: appSettings } = useLoad(() => call("settings_get"), onError);
  useIdleLock(appSettings?.auto_lock_minutes ?? null, lock);

  useShortcut({ id: "vault.lock", keys: "Mod+L", description: "Lock the vault", group: "Vault", run: () => void lock() });
  useShortcut({ id: "search.focus", keys: "/", description: "Search transactions", group: "General", run: () => search.current?.focus() });

  const info = viewInfo(view);
  let content;
  switch (view) {
    case "dashboard":
      content = <Dashboard onError={onError} onGo={go} />;
      break;
    case "transactions":
      content = <Transactions query={query} onQuery={setQuery} onGo={go} onError={onError} />;
      break;
    case "accounts":
      content = <Accounts onError={onError} onGo={go} />;
      break;
    case "connections":
      content = <Connections onError={onError} onGo={go} />;
      break;
    case "statements":
      content = <Statements onError={onError} onGo={go} />;
      break;
    case "transfers":
      content = <Transfers onError={onError} onGo={go} />;
      break;
    case "cards":
      content = <CardActivity onError={onError} onGo={go} />;
      break;
    case "spend":
      content = <Spend onError={onError} onGo={go} />;
      break;
    case "fico":
      content = <Fico onError={onError} onGo={go} />;
      break;
    case "rewards":
      content = <Rewards onError={onError} onGo={go} />;
      break;
    case "cds":
      content = <CdLadder onError={onError} onGo={go} />;
      break;
    case "settings":
      content = <Settings info={props.info} status={props.status} onLock={lock} locking={locking} onShowShortcuts={props.onShowShortcuts} onError={onError} />;
      break;
    default:
      content = <EmptyView view={info} onGo={go} />;
  }

  return (
    <div class="frame">
      <Sidebar current={view} onGo={go} onLock={lock} locking={locking} />
      <div class="frame__main">
        <TopBar
          searchRef={search}
          query={query}
          onSearch={(q) => {
            setQuery(q);
            go("transactions");
          }}
          onShowShortcuts={props.onShowShortcuts}
        />
        <SyncBar />
        <div class="frame__alerts" aria-live="assertive">
          {error !== null && (
            <p class="error banner" role="alert">
              {error}
              <button type="button" class="button button--quiet" onClick={() => setError(null)}>
                Dismiss
              </button>
            </p>
          )}
        </div>
        <main class="view" id="main" key={view}>
          {content}
        </main>
      </div>
    </div>
  );
}

// The app's top-level state machine: starting → (unauthorized | unreachable | locked | unlocked).
// It owns the shortcut registry, the "?" sheet, and the transitions between the lock screen and
// the app frame. Nothing here stores a passphrase; views pass it straight to the backend.
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { call, onUnauthorized, toCallError, transport, type AppInfo, type CallError, type VaultStatus } from "../api";
import { LockScreen } from "../lock/LockScreen";
import { TokenScreen, UnreachableScreen } from "../lock/StartupScreens";
import { ShortcutProvider, useShortcut } from "../shortcuts/context";
import { ShortcutRegistry } from "../shortcuts/registry";
import { ShortcutSheet } from "../shortcuts/ShortcutSheet";
import { AppFrame } from "./AppFrame";

export type Phase =
  | { name: "starting" }
  | { name: "unauthorized" }
  | { name: "unreachable"; message: string }
  | { name: "locked"; info: AppInfo }
  | { name: "unlocked"; info: AppInfo; status: VaultStatus | null };

export function App() {
  const registry = useMemo(() => new ShortcutRegistry(), []);
  return (
    <ShortcutProvider registry={registry}>
      <AppPhases />
    </ShortcutProvider>
  );
}

function AppPhases() {
  const [phase, setPhase] = useState<Phase>({ name: "starting" });
  const [sheetOpen, setSheetOpen] = useState(false);

  const fail = useCallback((err: unknown) => {
    const e: CallError = toCallError(err);
    if (e.kind === "unauthorized") setPhase({ name: "unauthorized" });
    else setPhase({ name: "unreachable", message: e.message });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const info = await call("app_info");
      if (!info.unlocked) {
        setPhase({ name: "locked", info });
        return;
      }
      setPhase({ name: "unlocked", info, status: null });
      const status = await call("vault_status").catch((err: unknown) => {
        if (toCallError(err).kind === "locked") return null;
        throw err;
      });
      setPhase(status === null ? { name: "locked", info: { ...info, unlocked: false } } : { name: "unlocked", info, status });
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  useEffect(() => {
    transport();
    const off = onUnauthorized(() => setPhase({ name: "unauthorized" }));
    void refresh();
    return off;
  }, [refresh]);

  useShortcut({ id: "help.sheet", keys: "?", description: "Show keyboard shortcuts", group: "General", run: () => setSheetOpen(true) });

  let screen;
  switch (phase.name) {
    case "starting":
      screen = (
        <main class="startup" aria-busy="true">
          <p class="muted">Opening Coffer…</p>
        </main>
      );
      break;
    case "unauthorized":
      screen = <TokenScreen />;
      break;
    case "unreachable":
      screen = <UnreachableScreen message={phase.message} onRetry={refresh} />;
      break;
    case "locked":
      screen = <LockScreen info={phase.info} onUnlocked={(status) => setPhase({ name: "unlocked", info: { ...phase.info, unlocked: true, vault_exists: true, key_mode: status.key_source }, status })} />;
      break;
    case "unlocked":
      screen = (
        <AppFrame
          info={phase.info}
          status={phase.status}
          onStatus={(status) => setPhase({ ...phase, status })}
          onLocked={refresh}
          onFatal={fail}
          onShowShortcuts={() => setSheetOpen(true)}
        />
      );
      break;
  }

  // Components return one element, not a top-level Fragment (cheaper to diff, and it kept us clear
  // of Preact 10's Fragment cloning that broke under Tauri's freezePrototype; see
  // frozenPrototype.test.tsx — Preact 11 is required for that setting).
  return (
    <div class="app-root">
      {screen}
      {sheetOpen && <ShortcutSheet onClose={() => setSheetOpen(false)} />}
    </div>
  );
}

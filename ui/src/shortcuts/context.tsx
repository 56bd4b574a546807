// Preact glue for the shortcut registry: a provider that listens to keydown on the window, and
// `useShortcut` for components to bind an action while they are mounted.
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useRef } from "preact/hooks";
import { ShortcutRegistry, type ShortcutSpec } from "./registry";

const ShortcutContext = createContext<ShortcutRegistry | null>(null);

export function ShortcutProvider(props: { registry: ShortcutRegistry; children: ComponentChildren }) {
  const { registry } = props;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (registry.handleKeyDown(e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [registry]);
  return <ShortcutContext.Provider value={registry}>{props.children}</ShortcutContext.Provider>;
}

export function useShortcutRegistry(): ShortcutRegistry {
  const registry = useContext(ShortcutContext);
  if (registry === null) throw new Error("useShortcutRegistry needs a <ShortcutProvider>.");
  return registry;
}

/** Binds `spec` while the component is mounted (and `enabled`); `run` may change every render. */
export function useShortcut(spec: ShortcutSpec, enabled = true): void {
  const registry = useShortcutRegistry();
  const run = useRef(spec.run);
  run.current = spec.run;
  useEffect(() => {
    if (!enabled) return undefined;
    return registry.register({ ...spec, run: () => run.current() });
  }, [registry, enabled, spec.id, spec.keys, spec.description, spec.group, spec.inInputs]);
}

export const isMacPlatform = (): boolean => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

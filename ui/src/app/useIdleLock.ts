// Auto-lock after idle: no key, pointer, wheel or touch input for `minutes` calls `onIdle` (which
// locks the vault; Rust then drops the key). Rust also locks on its own clock, for when no window
// is left to run this timer.
import { useEffect } from "preact/hooks";

const ACTIVITY = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export function useIdleLock(minutes: number | null, onIdle: () => void, target: Window = window): void {
  useEffect(() => {
    if (minutes === null || minutes <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reset = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(onIdle, minutes * 60_000);
    };
    for (const name of ACTIVITY) target.addEventListener(name, reset, { passive: true });
    reset();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const name of ACTIVITY) target.removeEventListener(name, reset);
    };
  }, [minutes, onIdle, target]);
}

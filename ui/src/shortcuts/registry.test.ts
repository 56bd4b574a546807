import { describe, expect, it, vi } from "vitest";
import { keyLabels, parseKeys, ShortcutRegistry } from "./registry";

function key(k: string, extra: Partial<KeyboardEvent> = {}, target: EventTarget | null = document.body) {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target, ...extra };
}

function setup() {
  let t = 0;
  const reg = new ShortcutRegistry(1000, () => t);
  const advance = (ms: number) => (t += ms);
  return { reg, advance };
}

describe("ShortcutRegistry", () => {
  it("parses chords and sequences", () => {
    expect(parseKeys("g d")).toEqual([
      { key: "g", mod: false, alt: false, shift: false },
      { key: "d", mod: false, alt: false, shift: false },
    ]);
    expect(parseKeys("Mod+L")).toEqual([{ key: "l", mod: true, alt: false, shift: false }]);
    expect(parseKeys("Mod++")).toEqual([{ key: "+", mod: true, alt: false, shift: false }]);
  });

  it("runs two-key sequences", () => {
    const { reg } = setup();
    const dash = vi.fn();
    const tx = vi.fn();
    reg.register({ id: "d", keys: "g d", description: "Dashboard", group: "Go to", run: dash });
    reg.register({ id: "t", keys: "g t", description: "Transactions", group: "Go to", run: tx });
    expect(reg.handleKeyDown(key("g"))).toBe(true);
    expect(reg.handleKeyDown(key("t"))).toBe(true);
    expect(tx).toHaveBeenCalledOnce();
    expect(dash).not.toHaveBeenCalled();
  });

  it("abandons a sequence after the timeout", () => {
    const { reg, advance } = setup();
    const dash = vi.fn();
    reg.register({ id: "d", keys: "g d", description: "Dashboard", group: "Go to", run: dash });
    reg.handleKeyDown(key("g"));
    advance(1500);
    expect(reg.handleKeyDown(key("d"))).toBe(false);
    expect(dash).not.toHaveBeenCalled();
  });

  it("restarts on an unknown key after a prefix", () => {
    const { reg } = setup();
    const search = vi.fn();
    reg.register({ id: "d", keys: "g d", description: "Dashboard", group: "Go to", run: vi.fn() });
    reg.register({ id: "s", keys: "/", description: "Search", group: "General", run: search });
    reg.handleKeyDown(key("g"));
    expect(reg.handleKeyDown(key("/"))).toBe(true);
    expect(search).toHaveBeenCalledOnce();
  });

  it("matches Mod as Ctrl or Cmd, and printable keys regardless of Shift", () => {
    const { reg } = setup();
    const lock = vi.fn();
    const help = vi.fn();
    reg.register({ id: "lock", keys: "Mod+L", description: "Lock", group: "Vault", run: lock });
    reg.register({ id: "help", keys: "?", description: "Shortcuts", group: "General", run: help });
    expect(reg.handleKeyDown(key("l"))).toBe(false);
    reg.handleKeyDown(key("l", { ctrlKey: true }));
    reg.handleKeyDown(key("L", { metaKey: true, shiftKey: false }));
    reg.handleKeyDown(key("?", { shiftKey: true }));
    expect(lock).toHaveBeenCalledTimes(2);
    expect(help).toHaveBeenCalledOnce();
  });

  it("ignores plain keys while typing, but not Mod chords or Escape", () => {
    const { reg } = setup();
    const input = document.createElement("input");
    const search = vi.fn();
    const lock = vi.fn();
    const close = vi.fn();
    reg.register({ id: "s", keys: "/", description: "Search", group: "General", run: search });
    reg.register({ id: "lock", keys: "Mod+L", description: "Lock", group: "Vault", run: lock });
    reg.register({ id: "esc", keys: "Escape", description: "Close", group: "General", run: close });
    expect(reg.handleKeyDown(key("/", {}, input))).toBe(false);
    reg.handleKeyDown(key("l", { ctrlKey: true }, input));
    reg.handleKeyDown(key("Escape", {}, input));
    expect(search).not.toHaveBeenCalled();
    expect(lock).toHaveBeenCalledOnce();
    expect(close).toHaveBeenCalledOnce();
  });

  it("refuses duplicate bindings and unregisters", () => {
    const { reg } = setup();
    const off = reg.register({ id: "a", keys: "g d", description: "Dashboard", group: "Go to", run: vi.fn() });
    expect(() => reg.register({ id: "b", keys: "G  D", description: "Other", group: "Go to", run: vi.fn() })).toThrow(/already used by "Dashboard"/);
    off();
    expect(reg.list()).toHaveLength(0);
    expect(reg.handleKeyDown(key("g"))).toBe(false);
  });

  it("lists and searches for the shortcut sheet", () => {
    const { reg } = setup();
    const listener = vi.fn();
    reg.subscribe(listener);
    reg.register({ id: "lock", keys: "Mod+L", description: "Lock the vault", group: "Vault", run: vi.fn() });
    reg.register({ id: "d", keys: "g d", description: "Dashboard", group: "Go to", run: vi.fn() });
    expect(listener).toHaveBeenCalledTimes(2);
    expect(reg.list().map((s) => s.id)).toEqual(["d", "lock"]);
    expect(reg.search("LOCK").map((s) => s.id)).toEqual(["lock"]);
    expect(reg.search("go dash").map((s) => s.id)).toEqual(["d"]);
    expect(reg.search("g d").map((s) => s.id)).toEqual(["d"]);
    expect(reg.search("zzz")).toEqual([]);
  });

  it("labels keys per platform", () => {
    expect(keyLabels("Mod+L", false)).toEqual([["Ctrl", "L"]]);
    expect(keyLabels("Mod+L", true)).toEqual([["⌘", "L"]]);
    expect(keyLabels("g d", false)).toEqual([["G"], ["D"]]);
    expect(keyLabels("Escape", false)).toEqual([["Esc"]]);
  });
});

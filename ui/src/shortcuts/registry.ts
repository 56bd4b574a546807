// The keyboard shortcut registry: every action's key binding, its description for the shortcut
// sheet, and dispatch of keydown events (single chords like "/" or "Mod+L", and sequences like
// "g d"). "Mod" means Ctrl or ⌘. Views register while mounted; the sheet lists them all.

export interface Chord {
  key: string; // lower-cased for letters, e.g. "l", "/", "?", "escape", ","
  mod: boolean;
  alt: boolean;
  shift: boolean; // only checked for named keys ("Shift+Enter"); printable keys carry it already
}

export interface ShortcutSpec {
  id: string;
  /** Space-separated chords: "g d", "/", "?", "Mod+L", "Escape". */
  keys: string;
  description: string;
  group: string;
  run: () => void;
  /** Fire even while typing in a field. Default: only for chords with Mod, and Escape. */
  inInputs?: boolean;
}

export interface Shortcut extends ShortcutSpec {
  chords: Chord[];
}

export function parseKeys(keys: string): Chord[] {
  return keys
    .trim()
    .split(/\s+/)
    .map((chord) => {
      const parts = chord === "+" ? ["+"] : chord.split(/\+(?!$)/);
      const key = (parts.pop() ?? "").toLowerCase();
      const mods = new Set(parts.map((p) => p.toLowerCase()));
      return { key, mod: mods.has("mod") || mods.has("ctrl") || mods.has("cmd"), alt: mods.has("alt"), shift: mods.has("shift") };
    });
}

type KeyEventLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey"> & { target: EventTarget | null };

function chordMatches(chord: Chord, e: KeyEventLike): boolean {
  const key = e.key.toLowerCase();
  if (key !== chord.key) return false;
  if (chord.mod !== (e.ctrlKey || e.metaKey)) return false;
  if (chord.alt !== e.altKey) return false;
  if (key.length > 1 && chord.shift !== e.shiftKey) return false;
  return true;
}

export function isEditableTarget(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).closest !== "function") return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const field = el.closest("input, textarea, select, [contenteditable='true']");
  if (field === null) return false;
  const type = (field as HTMLInputElement).type;
  return !(field.tagName === "INPUT" && ["checkbox", "radio", "button", "submit"].includes(type));
}

const MODIFIER_KEYS = new Set(["shift", "control", "alt", "meta", "capslock"]);

export class ShortcutRegistry {
  private readonly shortcuts = new Map<string, Shortcut>();
  private pending: Chord[] = [];
  private pendingSince = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly sequenceTimeoutMs = 1500,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Adds a shortcut; returns its unregister function. Two actions may not share keys. */
  register(spec: ShortcutSpec): () => void {
    const chords = parseKeys(spec.keys);
    const signature = chords.map(signatureOf).join(" ");
    for (const existing of this.shortcuts.values()) {
      if (existing.id !== spec.id && existing.chords.map(signatureOf).join(" ") === signature) {
        throw new Error(`Shortcut "${spec.keys}" is already used by "${existing.description}".`);
      }
    }
    const shortcut: Shortcut = { ...spec, chords };
    this.shortcuts.set(spec.id, shortcut);
    this.emit();
    return () => {
      if (this.shortcuts.get(spec.id) === shortcut) {
        this.shortcuts.delete(spec.id);
        this.emit();
      }
    };
  }

  /** All shortcuts, grouped order then by keys, for the shortcut sheet. */
  list(): Shortcut[] {
    return [...this.shortcuts.values()].sort((a, b) => a.group.localeCompare(b.group) || a.keys.localeCompare(b.keys));
  }

  /** Case-insensitive search over description, group and keys; every word must match. */
  search(query: string): Shortcut[] {
    const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
    return this.list().filter((s) => {
      const hay = `${s.description} ${s.group} ${s.keys}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Handles a keydown; returns true (and the caller should preventDefault) if it ran an action. */
  handleKeyDown(e: KeyEventLike): boolean {
    if (MODIFIER_KEYS.has(e.key.toLowerCase())) return false;
    const typing = isEditableTarget(e.target);
    if (this.pending.length > 0 && this.now() - this.pendingSince > this.sequenceTimeoutMs) this.pending = [];
    const step = this.pending.length;
    const candidates = [...this.shortcuts.values()].filter((s) => {
      if (s.chords.length <= step) return false;
      if (!this.pending.every((c, i) => signatureOf(c) === signatureOf(s.chords[i] as Chord))) return false;
      const chord = s.chords[step] as Chord;
      if (typing && !(s.inInputs ?? (chord.mod || chord.key === "escape"))) return false;
      return chordMatches(chord, e);
    });
    const complete = candidates.find((s) => s.chords.length === step + 1);
    if (complete !== undefined) {
      this.pending = [];
      complete.run();
      return true;
    }
    if (candidates.length > 0) {
      this.pending = [...this.pending, (candidates[0] as Shortcut).chords[step] as Chord];
      this.pendingSince = this.now();
      return true;
    }
    const wasPending = this.pending.length > 0;
    this.pending = [];
    // An unknown key after a prefix ends the sequence; retry it as the start of a new one.
    return wasPending ? this.handleKeyDown(e) : false;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function signatureOf(c: Chord): string {
  return `${c.mod ? "M" : ""}${c.alt ? "A" : ""}${c.shift ? "S" : ""}:${c.key}`;
}

/** Human label for keys, e.g. "Mod+L" → ["Ctrl", "L"] or ["⌘", "L"]; "g d" → ["G", "D"] per chord. */
export function keyLabels(keys: string, isMac: boolean): string[][] {
  return parseKeys(keys).map((c) => {
    const parts: string[] = [];
    if (c.mod) parts.push(isMac ? "⌘" : "Ctrl");
    if (c.alt) parts.push(isMac ? "⌥" : "Alt");
    if (c.shift) parts.push("Shift");
    parts.push(c.key === "escape" ? "Esc" : c.key.length === 1 ? c.key.toUpperCase() : c.key[0]?.toUpperCase() + c.key.slice(1));
    return parts;
  });
}

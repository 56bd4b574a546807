// Editing a transaction's category, then (optionally) making it a rule: how the rule matches
// (contains / starts with / exact / regex) and what text, with "apply to N similar" showing N —
// counted by the backend — before the rule is created.
import { useEffect, useState } from "preact/hooks";
import { call, toCallError, type TransactionView } from "../api";
import { dataChanged } from "../app/dataEvents";

const RULE_KINDS = [
  { id: "contains", label: "contains" },
  { id: "starts_with", label: "starts with" },
  { id: "exact", label: "is exactly" },
  { id: "regex", label: "matches the regex" },
] as const;

export interface CategoryEditorProps {
  transaction: TransactionView;
  categories: readonly string[];
  onClose: () => void;
}

export function CategoryEditor(props: CategoryEditorProps) {
  const t = props.transaction;
  const [category, setCategory] = useState(t.category ?? "");
  const [saved, setSaved] = useState(false);
  const [kind, setKind] = useState<string>("contains");
  const [pattern, setPattern] = useState(t.merchant ?? t.description);
  const [similar, setSimilar] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // Count what the rule would move whenever it changes (after a short pause in typing).
  useEffect(() => {
    if (!saved || pattern.trim() === "" || category === "") return;
    let live = true;
    setCounting(true);
    const timer = setTimeout(() => {
      call("rule_preview", { match_kind: kind, pattern, category }).then(
        (p) => {
          if (!live) return;
          setSimilar(p.similar);
          setError(null);
          setCounting(false);
        },
        (err: unknown) => {
          if (!live) return;
          setSimilar(null);
          setError(toCallError(err).message);
          setCounting(false);
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [saved, kind, pattern, category]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call("transaction_set_category", { transaction_id: t.id, category });
      setSaved(true);
      dataChanged();
    } catch (err) {
      setError(toCallError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const makeRule = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call("rule_create", { match_kind: kind, pattern, category });
      setDone(`Rule saved: ${result.applied.toLocaleString("en-US")} similar ${result.applied === 1 ? "transaction is" : "transactions are"} now ${category}.`);
      dataChanged();
    } catch (err) {
      setError(toCallError(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card category-editor" role="dialog" aria-label="Edit category" data-testid="category-editor">
      <div class="connection__head">
        <h2>Category of “{t.merchant ?? t.description}”</h2>
        <button type="button" class="button button--quiet" onClick={props.onClose}>
          Close
        </button>
      </div>
      {!saved ? (
        <form
          class="form form--row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label class="field">
            <span>Category</span>
            <select name="edit-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              <option value="" disabled>
                Choose…
              </option>
              {props.categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <div class="form__actions">
            <button type="submit" class="button button--primary" disabled={busy || category === ""}>
              Save category
            </button>
          </div>
        </form>
      ) : done !== null ? (
        <p class="note" role="status" data-testid="rule-done">
          {done}
        </p>
      ) : (
        <form
          class="form"
          aria-label="Make this a rule"
          onSubmit={(e) => {
            e.preventDefault();
            void makeRule();
          }}
        >
          <p role="status">
            Saved as <strong>{category}</strong>. Make this a rule for similar transactions?
          </p>
          <div class="form--row">
            <label class="field">
              <span>Merchant or description</span>
              <select name="rule-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                {RULE_KINDS.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Text</span>
              <input type="text" name="rule-pattern" value={pattern} onInput={(e) => setPattern(e.currentTarget.value)} />
            </label>
          </div>
          <div class="form__actions">
            <button type="submit" class="button button--primary" disabled={busy || counting || similar === null} data-testid="apply-similar">
              {counting || similar === null ? "Counting similar transactions…" : `Apply to ${similar.toLocaleString("en-US")} similar`}
            </button>
            <button type="button" class="button button--quiet" onClick={props.onClose}>
              Not now
            </button>
          </div>
        </form>
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

// What the "Add connection" forms share: one step's busy flag and error, and how an error shows.
import { useState } from "preact/hooks";
import { toCallError } from "../../api";

export function useStep() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(toCallError(err).message);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function Problem(props: { error: string | null }) {
  return props.error === null ? null : (
    <p class="error" role="alert">
      {props.error}
    </p>
  );
}

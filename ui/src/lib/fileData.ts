// Files the user picked or dropped: bytes as Base64 for the backend (OFX 1.x may be Latin-1, so
// bytes travel untouched), and a preview of a CSV's first rows for the column-mapping step.

/** Base64 of raw bytes, in chunks (no call-stack limit on large files). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Splits one CSV line on `delimiter`, honouring double quotes ("" is a quote). */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The first `rows` non-empty lines after `skip` lines, split into cells. */
export function previewCsv(text: string, skip = 0, rows = 6): string[][] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).slice(skip);
  return lines
    .filter((l) => l.trim() !== "")
    .slice(0, rows)
    .map((l) => splitCsvLine(l));
}

/** Guesses which column is which from a header row (a starting point the user corrects). */
export function guessColumns(header: readonly string[]): { date: number; description: number; amount: number } {
  const find = (re: RegExp, fallback: number) => {
    const i = header.findIndex((h) => re.test(h));
    return i >= 0 ? i : Math.min(fallback, Math.max(header.length - 1, 0));
  };
  return {
    date: find(/date|booked|posted|when/i, 0),
    description: find(/desc|payee|merchant|name|memo|detail/i, 1),
    amount: find(/amount|spent|sum|value|total/i, 2),
  };
}

/** Guesses a chrono date format from a sample value. */
export function guessDateFormat(sample: string): string {
  const s = sample.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return "%Y-%m-%d";
  if (/^\d{2}\.\d{2}\.\d{4}/.test(s)) return "%d.%m.%Y";
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(s)) return "%m/%d/%y";
  return "%m/%d/%Y";
}

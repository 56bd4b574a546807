// Actual Budget's own importer (`@actual-app/api`, `importTransactions`) on a Barclaycard CSV
// download, for `make bench`: a fresh local budget (no server), one account, the file's rows
// imported, then the same rows imported again (Actual's reconciliation must find them all).
//   node actual_import.mjs FILE.csv DATA_DIR
// Prints a JSON line after the first import ({"rows", "parse_s", "import_s", "added"}) and one
// after the re-import (the same plus "reimport_s", "readded").
// The CSV is read the way Actual's own CSV import reads it: date, payee, amount, no imported id.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.ACTUAL_API_DIR + '/');
const api = require('@actual-app/api');

const [file, dataDir] = process.argv.slice(2);

/** One CSV line into fields (RFC 4180 quoting). */
function fields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** "-$1,234.56" into integer cents, without floating point. */
function cents(text) {
  const negative = text.trim().startsWith('-');
  const digits = text.replace(/[^0-9.]/g, '');
  const [whole, frac = '0'] = digits.split('.');
  const value = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return negative ? -value : value;
}

const parseStart = performance.now();
const lines = readFileSync(file, 'utf8').split(/\r?\n/);
const header = lines.findIndex((l) => l.startsWith('Transaction Date'));
const transactions = [];
for (const line of lines.slice(header + 1)) {
  if (!line) continue;
  const [date, description, , amount] = fields(line);
  const [m, d, y] = date.split('/');
  transactions.push({ date: `${y}-${m}-${d}`, payee_name: description, amount: cents(amount) });
}
const parseS = (performance.now() - parseStart) / 1000;

await api.init({ dataDir });
let result = {};
await api.runImport('coffer-bench', async () => {
  const account = await api.createAccount({ name: 'Barclaycard', offbudget: false }, 0);
  let t = performance.now();
  const first = await api.importTransactions(account, transactions);
  const importS = (performance.now() - t) / 1000;
  // The first figure now, so a run stopped during the (much slower) re-import still has it.
  console.log(JSON.stringify({ rows: transactions.length, parse_s: parseS, import_s: importS, added: first.added.length }));
  t = performance.now();
  const again = await api.importTransactions(account, transactions);
  const reimportS = (performance.now() - t) / 1000;
  result = {
    rows: transactions.length,
    parse_s: parseS,
    import_s: importS,
    reimport_s: reimportS,
    added: first.added.length,
    readded: again.added.length,
  };
});
await api.shutdown();
console.log(JSON.stringify(result));

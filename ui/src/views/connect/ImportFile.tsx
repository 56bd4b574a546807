// Import a statement file: drop it or pick it (OFX, QFX, CSV). Known layouts import in one step;
// a CSV layout Coffer does not know asks which account and which columns, shows the first rows
// to choose from, and the mapping is remembered for that account.
import { useState } from "preact/hooks";
import { call, toCallError, type AccountView } from "../../api";
import type { ColumnMapping } from "../../api/types/ColumnMapping";
import type { ImportOutcome } from "../../api/types/ImportOutcome";
import { dataChanged } from "../../app/dataEvents";
import { bytesToBase64, guessColumns, guessDateFormat, previewCsv } from "../../lib/fileData";
import { accountLabel } from "../format";

interface Picked {
  name: string;
  base64: string;
  text: string;
}

// A file with no account named first asks for the account (whose saved mapping may then apply);
// only a layout still unknown for that account asks for its columns.
type Step = { name: "pick" } | { name: "mapping"; file: Picked; message: string; accountId: number } | { name: "account"; file: Picked; message: string };

const DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%m/%d/%y"];

function ColumnSelect(props: { label: string; name: string; header: string[]; value: number | null; optional?: boolean; onChange: (v: number | null) => void }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select name={props.name} value={props.value ?? ""} onChange={(e) => props.onChange(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}>
        {props.optional && <option value="">—</option>}
        {props.header.map((h, i) => (
          <option key={i} value={i}>
            {`${i + 1}: ${h}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function AccountSelect(props: { accounts: AccountView[]; value: number | null; onChange: (id: number | null) => void }) {
  return (
    <label class="field">
      <span>Account these rows belong to</span>
      <select name="import-account" value={props.value ?? ""} onChange={(e) => props.onChange(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}>
        <option value="">Choose an account…</option>
        {props.accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {accountLabel(a)}
          </option>
        ))}
      </select>
    </label>
  );
}

function MappingForm(props: { file: Picked; message: string; accounts: AccountView[]; accountId: number; busy: boolean; onSubmit: (accountId: number, mapping: ColumnMapping) => void }) {
  const [skip, setSkip] = useState(0);
  const rows = previewCsv(props.file.text, skip);
  const header = rows[0] ?? [];
  const guess = guessColumns(header);
  const [accountId, setAccountId] = useState<number | null>(props.accountId);
  const [date, setDate] = useState<number | null>(guess.date);
  const [description, setDescription] = useState<number | null>(guess.description);
  const [amount, setAmount] = useState<number | null>(guess.amount);
  const [debit, setDebit] = useState<number | null>(null);
  const [credit, setCredit] = useState<number | null>(null);
  const [sign, setSign] = useState("inverted");
  const [dateFormat, setDateFormat] = useState(guessDateFormat(rows[1]?.[guess.date] ?? ""));
  const [hasHeader, setHasHeader] = useState(true);
  const ready = accountId !== null && date !== null && description !== null && (sign === "debit_credit" ? debit !== null && credit !== null : amount !== null);
  return (
    <form
      class="form"
      aria-label="Map the CSV columns"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready || accountId === null || date === null || description === null) return;
        props.onSubmit(accountId, {
          date,
          description,
          amount: sign === "debit_credit" ? null : amount,
          debit: sign === "debit_credit" ? debit : null,
          credit: sign === "debit_credit" ? credit : null,
          sign,
          date_format: dateFormat,
          has_header: hasHeader,
          skip_lines: skip,
        });
      }}
    >
      <p class="note">{props.message}</p>
      <div class="table-preview" role="region" aria-label="The file's first rows" tabIndex={0}>
        <table>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (i === 0 && hasHeader ? <th key={j}>{c}</th> : <td key={j}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AccountSelect accounts={props.accounts} value={accountId} onChange={setAccountId} />
      <div class="columns columns--form">
        <label class="field">
          <span>Lines to skip before the header</span>
          <input name="skip-lines" type="number" min={0} max={50} value={skip} onInput={(e) => setSkip(Math.max(0, Number(e.currentTarget.value) || 0))} />
        </label>
        <label class="field field--inline">
          <input name="has-header" type="checkbox" checked={hasHeader} onChange={(e) => setHasHeader(e.currentTarget.checked)} />
          <span>The first row names the columns</span>
        </label>
        <ColumnSelect label="Date" name="col-date" header={header} value={date} onChange={setDate} />
        <ColumnSelect label="Description" name="col-description" header={header} value={description} onChange={setDescription} />
        <label class="field">
          <span>Amounts</span>
          <select name="sign" value={sign} onChange={(e) => setSign(e.currentTarget.value)}>
            <option value="inverted">One column, spending is positive</option>
            <option value="as_is">One column, spending is negative</option>
            <option value="debit_credit">Two columns: money out, money in</option>
          </select>
        </label>
        {sign === "debit_credit" ? (
          <>
            <ColumnSelect label="Money out" name="col-debit" header={header} value={debit} optional onChange={setDebit} />
            <ColumnSelect label="Money in" name="col-credit" header={header} value={credit} optional onChange={setCredit} />
          </>
        ) : (
          <ColumnSelect label="Amount" name="col-amount" header={header} value={amount} onChange={setAmount} />
        )}
        <label class="field">
          <span>Date format</span>
          <select name="date-format" value={dateFormat} onChange={(e) => setDateFormat(e.currentTarget.value)}>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f.replace("%Y", "YYYY").replace("%y", "YY").replace("%m", "MM").replace("%d", "DD")}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={!ready || props.busy}>
          {props.busy ? "Importing…" : "Import with these columns"}
        </button>
      </div>
    </form>
  );
}

export function ImportFile(props: { onDone: (message: string) => void }) {
  const [step, setStep] = useState<Step>({ name: "pick" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [accountId, setAccountId] = useState<number | null>(null);

  const send = async (file: Picked, account: number | null, mapping: ColumnMapping | null) => {
    setBusy(true);
    setError(null);
    try {
      const outcome: ImportOutcome = await call("import_file", { file_name: file.name, content_base64: file.base64, account_id: account, mapping });
      if (outcome.status === "imported") {
        dataChanged();
        setStep({ name: "pick" });
        const saved = outcome.mapping_saved ? " The column mapping is saved for this account." : "";
        props.onDone(`Imported ${file.name}: ${outcome.added} added, ${outcome.updated} updated, ${outcome.unchanged} unchanged.${saved}`);
      } else {
        setAccounts(await call("accounts_list"));
        if (outcome.status === "needs_mapping" && account !== null) setStep({ name: "mapping", file, message: outcome.message, accountId: account });
        else setStep({ name: "account", file, message: outcome.status === "needs_mapping" ? "Coffer does not know this file's layout. Which account is it for? A column mapping saved for that account is used; otherwise you map the columns once." : outcome.message });
      }
    } catch (err) {
      setError(toCallError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const take = async (files: FileList | null) => {
    const picked = files?.[0];
    if (picked === undefined) return;
    const bytes = new Uint8Array(await picked.arrayBuffer());
    const file: Picked = { name: picked.name, base64: bytesToBase64(bytes), text: new TextDecoder("utf-8").decode(bytes.subarray(0, 64 * 1024)) };
    await send(file, null, null);
  };

  return (
    <div class="stack">
      {step.name === "pick" && (
        <label
          class={dragging ? "dropzone dropzone--over" : "dropzone"}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void take(e.dataTransfer?.files ?? null);
          }}
        >
          <strong>Drop an OFX, QFX or CSV file here</strong>
          <span class="muted">or choose one from your computer</span>
          <input type="file" name="import-file" accept=".ofx,.qfx,.csv,.txt" disabled={busy} onChange={(e) => void take(e.currentTarget.files)} />
        </label>
      )}
      {step.name === "mapping" && <MappingForm file={step.file} message={step.message} accounts={accounts} accountId={step.accountId} busy={busy} onSubmit={(id, mapping) => void send(step.file, id, mapping)} />}
      {step.name === "account" && (
        <form
          class="form"
          aria-label="Choose the account"
          onSubmit={(e) => {
            e.preventDefault();
            if (accountId !== null) void send(step.file, accountId, null);
          }}
        >
          <p class="note">{step.message}</p>
          <AccountSelect accounts={accounts} value={accountId} onChange={setAccountId} />
          <div class="form__actions">
            <button type="submit" class="button button--primary" disabled={accountId === null || busy}>
              Import into this account
            </button>
          </div>
        </form>
      )}
      {busy && <p class="muted" aria-busy="true">Importing…</p>}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

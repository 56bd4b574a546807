import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "../api";
import { exportTransactionsCsv } from "./transactionsData";

const row = (id: number) => ({
  id, account_id: 1, source_id: `s${id}`, status: "posted", posted_on: "2026-01-02", transacted_on: null, amount: "-1.50", currency: "USD",
  original_amount: null, original_currency: null, fx_rate: null, description: id === 0 ? "=HYPERLINK(\"x\")" : `shop ${id}`, merchant: null,
  mcc: "5411", category: "Groceries", memo: null, settles_id: null,
});

afterEach(() => setTransport(null));

describe("exportTransactionsCsv", () => {
  it("pages through every matching row with the same filters, not just the visible page", async () => {
    const requests: Record<string, unknown>[] = [];
    const total = 12_001;
    setTransport({
      kind: "http",
      send: (name, request) => {
        const r = request as { offset: number; limit: number };
        requests.push({ name, ...(request as object) });
        const rows = [];
        for (let i = r.offset; i < Math.min(total, r.offset + r.limit); i++) rows.push(row(i));
        return Promise.resolve({ rows, total, offset: r.offset });
      },
    });
    const { csv, rows } = await exportTransactionsCsv({ search: "shop", status: "posted" }, () => "Card …1");
    expect(rows).toBe(total);
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.name === "transactions_page" && r.search === "shop" && r.status === "posted")).toBe(true);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(total + 1);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

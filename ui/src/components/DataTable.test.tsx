import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { arraySource, DataTable, MAX_SCROLL_HEIGHT_PX, visibleWindow, type Column } from "./DataTable";

type Tx = { id: number; merchant: string; amount: string };
const columns: Column<Tx>[] = [
  { id: "merchant", header: "Merchant", cell: (r) => r.merchant },
  { id: "amount", header: "Amount", cell: (r) => r.amount, numeric: true },
];

let host: HTMLElement;
function mount(ui: preact.ComponentChild) {
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(ui, host));
  return host;
}
afterEach(() => {
  act(() => render(null, host));
  host.remove();
});

describe("DataTable", () => {
  it("renders a hostile merchant name as text, creating no element", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const el = mount(<DataTable label="Transactions" columns={columns} source={arraySource([{ id: 1, merchant: hostile, amount: "-4.50" }])} empty="none" />);
    expect(el.querySelector("img")).toBeNull();
    const cell = el.querySelector('[role="cell"]');
    expect(cell?.textContent).toBe(hostile);
    expect(cell?.children.length).toBe(0);
  });

  it("shows the empty state with the header", () => {
    const el = mount(<DataTable label="Transactions" columns={columns} source={arraySource<Tx>([])} empty={<p>No data yet — add a connection</p>} />);
    expect(el.textContent).toContain("No data yet — add a connection");
    expect(el.querySelectorAll('[role="columnheader"]').length).toBe(2);
  });

  it("keeps only a window of 100,000 rows in the DOM", () => {
    const get = vi.fn((i: number): Tx => ({ id: i, merchant: `M${i}`, amount: "1.00" }));
    const onRange = vi.fn();
    const el = mount(<DataTable label="Big" columns={columns} source={{ count: 100_000, get }} empty="" onVisibleRangeChange={onRange} />);
    const rendered = el.querySelectorAll('[role="row"]').length - 1;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(el.querySelector('[role="table"]')?.getAttribute("aria-rowcount")).toBe("100001");
    expect(onRange).toHaveBeenCalledWith(0, rendered);
    expect(get.mock.calls.length).toBeLessThan(200);
  });

  it("renders placeholder rows while a page is loading", () => {
    const el = mount(<DataTable label="Paged" columns={columns} source={{ count: 10, get: () => undefined }} empty="" />);
    expect(el.querySelectorAll(".dt__row--loading").length).toBe(10);
  });

  it("calls the owner to export and shows its error", async () => {
    let fail = false;
    const onExport = vi.fn(() => (fail ? Promise.reject({ kind: "internal", message: "Disk full." }) : Promise.resolve()));
    const el = mount(<DataTable label="T" columns={columns} source={arraySource([{ id: 1, merchant: "A", amount: "1" }])} empty="" onExport={onExport} />);
    const button = [...el.querySelectorAll("button")].find((b) => b.textContent === "Export CSV") as HTMLButtonElement;
    await act(async () => button.click());
    expect(onExport).toHaveBeenCalledOnce();
    fail = true;
    await act(async () => button.click());
    expect(el.querySelector('[role="alert"]')?.textContent).toBe("Disk full.");
  });

  it("says where the export was saved, and nothing when the dialog was cancelled", async () => {
    let result = { saved: true, path: "/home/me/coffer-t.csv" as string | null };
    const el = mount(<DataTable label="T" columns={columns} source={arraySource([{ id: 1, merchant: "A", amount: "1" }])} empty="" onExport={() => Promise.resolve(result)} />);
    const button = [...el.querySelectorAll("button")].find((b) => b.textContent === "Export CSV") as HTMLButtonElement;
    await act(async () => button.click());
    expect(el.querySelector('[role="status"]')?.textContent).toBe("Saved to /home/me/coffer-t.csv.");
    result = { saved: false, path: null };
    await act(async () => button.click());
    expect(el.querySelector('[role="status"]')).toBeNull();
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it("disables export when nothing matches", () => {
    const el = mount(<DataTable label="T" columns={columns} source={arraySource<Tx>([])} empty="" onExport={() => undefined} />);
    expect((el.querySelector("button") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("visibleWindow", () => {
  it("maps scroll position to rows, scaling beyond the browser's height cap", () => {
    expect(visibleWindow(1000, 32, 0, 320)).toMatchObject({ first: 0, last: 18, scrollHeight: 32000, offsetPx: 0 });
    expect(visibleWindow(1000, 32, 3200, 320).first).toBe(92);
    const huge = visibleWindow(1_000_000, 32, MAX_SCROLL_HEIGHT_PX - 320, 320);
    expect(huge.scrollHeight).toBe(MAX_SCROLL_HEIGHT_PX);
    expect(huge.last).toBe(1_000_000);
  });
});

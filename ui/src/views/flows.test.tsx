import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport, type TransactionView } from "../api";
import { CategoryEditor } from "./CategoryEditor";
import { AddConnection } from "./connect/AddConnection";

let host: HTMLElement;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 350)));

function mount(node: preact.ComponentChild) {
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(node, host));
}

function setValue(el: HTMLInputElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
}

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  setTransport(null);
});

const tx: TransactionView = {
  id: 7, account_id: 1, source_id: "F1", status: "posted", posted_on: "2026-10-03", transacted_on: null, amount: "-12.50", currency: "USD",
  original_amount: null, original_currency: null, fx_rate: null, description: "ZEPHYR COFFEE #12", merchant: "Zephyr Coffee", mcc: null, category: null, memo: null, settles_id: null,
};

describe("category editor", () => {
  it("saves the category, shows N similar before creating the rule, then creates it", async () => {
    const send = vi.fn(async (name: string, request: unknown) => {
      if (name === "transaction_set_category") return null;
      if (name === "rule_preview") return { similar: (request as { match_kind: string }).match_kind === "exact" ? 1 : 7 };
      if (name === "rule_create") return { rule_id: 3, applied: 7 };
      throw { kind: "not_found", message: name };
    });
    setTransport({ kind: "http", send });
    mount(<CategoryEditor transaction={tx} categories={["Dining", "Groceries"]} onClose={() => {}} />);
    act(() => setValue(host.querySelector('select[name="edit-category"]') as HTMLSelectElement, "Dining"));
    await act(async () => (host.querySelector("form") as HTMLFormElement).requestSubmit());
    await settle();
    const apply = () => host.querySelector('[data-testid="apply-similar"]')?.textContent;
    expect(apply()).toBe("Apply to 7 similar");
    expect(send).toHaveBeenCalledWith("rule_preview", { match_kind: "contains", pattern: "Zephyr Coffee", category: "Dining" });
    act(() => setValue(host.querySelector('select[name="rule-kind"]') as HTMLSelectElement, "exact"));
    await settle();
    expect(apply()).toBe("Apply to 1 similar");
    act(() => setValue(host.querySelector('select[name="rule-kind"]') as HTMLSelectElement, "contains"));
    await settle();
    await act(async () => (host.querySelector('form[aria-label="Make this a rule"]') as HTMLFormElement).requestSubmit());
    await settle();
    expect(send).toHaveBeenCalledWith("rule_create", { match_kind: "contains", pattern: "Zephyr Coffee", category: "Dining" });
    expect(host.querySelector('[data-testid="rule-done"]')?.textContent).toContain("7 similar transactions are now Dining");
  });
});

describe("add connection", () => {
  it("sends the SimpleFIN token once, clears the field and shows errors in plain words", async () => {
    const send = vi.fn().mockRejectedValue({ kind: "invalid_input", message: "SimpleFIN Bridge refused the request: this is not a SimpleFIN setup token." });
    setTransport({ kind: "http", send });
    mount(<AddConnection onLinked={() => {}} onClose={() => {}} />);
    act(() => (host.querySelector('input[value="simplefin"]') as HTMLInputElement).click());
    const field = host.querySelector('input[name="setup-token"]') as HTMLInputElement;
    expect(field.type).toBe("password");
    act(() => setValue(field, "c2VjcmV0LXRva2Vu"));
    await act(async () => (host.querySelector('form[aria-label="Link SimpleFIN"]') as HTMLFormElement).requestSubmit());
    await settle();
    expect(send).toHaveBeenCalledWith("link_simplefin", { setup_token: "c2VjcmV0LXRva2Vu", institution: null });
    expect((host.querySelector('input[name="setup-token"]') as HTMLInputElement).value).toBe("");
    expect(host.querySelector('[role="alert"]')?.textContent).toContain("not a SimpleFIN setup token");
    expect(host.innerHTML).not.toContain("c2VjcmV0LXRva2Vu");
  });

  it("asks for the issuer's one-time code after the password, then links", async () => {
    const onLinked = vi.fn();
    const send = vi.fn(async (name: string) => {
      if (name === "link_issuer_start") return { login_id: 4, channel: "sms", hint: "***-0147", length: 6 };
      if (name === "link_issuer_code") return { connection_id: 9, institution: "Issuer", scopes: ["accounts"] };
      throw { kind: "not_found", message: name };
    });
    setTransport({ kind: "http", send });
    mount(<AddConnection onLinked={onLinked} onClose={() => {}} />);
    act(() => (host.querySelector('input[value="issuer"]') as HTMLInputElement).click());
    act(() => setValue(host.querySelector('input[name="issuer-url"]') as HTMLInputElement, "https://issuer.example/api"));
    act(() => setValue(host.querySelector('input[name="username"]') as HTMLInputElement, "me"));
    act(() => setValue(host.querySelector('input[name="password"]') as HTMLInputElement, "hunter2"));
    await act(async () => (host.querySelector('form[aria-label="Sign in to a card issuer"]') as HTMLFormElement).requestSubmit());
    await settle();
    expect(host.textContent).toContain("sms ***-0147");
    act(() => setValue(host.querySelector('input[name="otp"]') as HTMLInputElement, "123456"));
    await act(async () => (host.querySelector('form[aria-label="One-time code"]') as HTMLFormElement).requestSubmit());
    await settle();
    expect(send).toHaveBeenLastCalledWith("link_issuer_code", { login_id: 4, code: "123456" });
    expect(onLinked).toHaveBeenCalledWith({ connection_id: 9, institution: "Issuer", scopes: ["accounts"] });
    expect(host.innerHTML).not.toContain("hunter2");
  });
});

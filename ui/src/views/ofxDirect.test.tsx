import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../api";
import { AddConnection } from "./connect/AddConnection";
import { checkOfxAccounts, checkOfxUrl } from "./connect/OfxDirect";

let host: HTMLElement;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 50)));

function mount(node: preact.ComponentChild) {
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(node, host));
}

function setValue(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

const field = (name: string) => host.querySelector(`[name="${name}"]`) as HTMLInputElement;
const submit = () => act(async () => (host.querySelector('form[aria-label="Link OFX Direct Connect"]') as HTMLFormElement).requestSubmit());

afterEach(() => {
  if (host?.isConnected) {
    act(() => render(null, host));
    host.remove();
  }
  setTransport(null);
});

describe("OFX Direct Connect", () => {
  it("checks the address and the account lines as Rust does", () => {
    expect(checkOfxUrl("https://ofx.bank.example/ofx")).toBeNull();
    expect(checkOfxUrl("http://127.0.0.1:8123/ofx")).toBeNull();
    expect(checkOfxUrl("http://ofx.bank.example/ofx")).toContain("https://");
    expect(checkOfxUrl("http://127.0.0.1.evil.example/ofx")).not.toBeNull();
    expect(checkOfxUrl("http://127.0.0.1@evil.example/ofx")).not.toBeNull();
    expect(checkOfxUrl("ofx.bank.example")).not.toBeNull();
    expect(checkOfxAccounts("creditcard: 4111\n\nSAVINGS:011000015:99\n")).toEqual({ accounts: ["CREDITCARD:4111", "SAVINGS:011000015:99"] });
    for (const bad of ["CHECKING:12345", "CREDITCARD:", "CREDITCARD:1:2", "LOAN:1:2", "CD::5"]) {
      expect(checkOfxAccounts(`CREDITCARD:1\n${bad}`)).toEqual({ error: expect.stringContaining("Line 2") });
    }
    expect(checkOfxAccounts(" \n")).toEqual({ error: expect.stringContaining("at least one account") });
  });

  it("shows field errors without sending, then sends the right request once and clears the password", async () => {
    const onLinked = vi.fn();
    const send = vi.fn(async (name: string) => {
      if (name === "link_ofx_direct") return { connection_id: 5, institution: "My bank", scopes: ["statements"] };
      throw { kind: "not_found", message: name };
    });
    setTransport({ kind: "http", send });
    mount(<AddConnection onLinked={onLinked} onClose={() => {}} />);
    act(() => (host.querySelector('input[value="ofx"]') as HTMLInputElement).click());
    expect(host.textContent).toContain("OFX Direct Connect");
    act(() => setValue(field("institution"), "My bank"));
    act(() => setValue(field("ofx-url"), "http://ofx.bank.example/ofx"));
    act(() => setValue(field("ofx-org"), "BANKORG"));
    act(() => setValue(field("ofx-fid"), "1234"));
    act(() => setValue(field("ofx-user"), "me"));
    act(() => setValue(field("ofx-password"), "hunter2"));
    act(() => setValue(host.querySelector('textarea[name="ofx-accounts"]') as HTMLTextAreaElement, "CREDITCARD:4111222233334444\nCHECKING:12345"));
    await submit();
    await settle();
    expect(send).not.toHaveBeenCalled();
    expect(host.querySelector("#ofx-url-error")?.textContent).toContain("https://");
    expect(host.querySelector("#ofx-accounts-error")?.textContent).toContain('Line 2 ("CHECKING:12345") is not an account');
    expect(host.querySelector('textarea[name="ofx-accounts"]')?.getAttribute("aria-invalid")).toBe("true");
    expect(field("ofx-password").value).toBe("hunter2");

    act(() => setValue(field("ofx-url"), "https://ofx.bank.example/ofx"));
    act(() => setValue(host.querySelector('textarea[name="ofx-accounts"]') as HTMLTextAreaElement, "CREDITCARD:4111222233334444\n\nchecking:011000015:12345\n"));
    act(() => field("ofx-xml").click());
    await submit();
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith("link_ofx_direct", {
      institution: "My bank",
      url: "https://ofx.bank.example/ofx",
      org: "BANKORG",
      fid: "1234",
      user_id: "me",
      password: "hunter2",
      accounts: ["CREDITCARD:4111222233334444", "CHECKING:011000015:12345"],
      xml: true,
    });
    expect(field("ofx-password").value).toBe("");
    expect(host.querySelector("#ofx-url-error")).toBeNull();
    expect(host.querySelector("#ofx-accounts-error")).toBeNull();
    expect(onLinked).toHaveBeenCalledWith({ connection_id: 5, institution: "My bank", scopes: ["statements"] });
    expect(host.innerHTML).not.toContain("hunter2");
  });

  it("shows Rust's refusal in plain words", async () => {
    const send = vi.fn().mockRejectedValue({ kind: "invalid_input", message: "Server address: OFX Direct Connect needs an https:// address." });
    setTransport({ kind: "http", send });
    mount(<AddConnection onLinked={() => {}} onClose={() => {}} />);
    act(() => (host.querySelector('input[value="ofx"]') as HTMLInputElement).click());
    act(() => setValue(field("ofx-url"), "https://ofx.bank.example/ofx"));
    act(() => setValue(field("ofx-user"), "me"));
    act(() => setValue(field("ofx-password"), "hunter2"));
    act(() => setValue(host.querySelector('textarea[name="ofx-accounts"]') as HTMLTextAreaElement, "CREDITCARD:1"));
    await submit();
    await settle();
    expect(send).toHaveBeenCalledWith("link_ofx_direct", expect.objectContaining({ institution: null, org: null, fid: null, xml: false }));
    expect(host.querySelector('[role="alert"]')?.textContent).toContain("Server address: OFX Direct Connect needs an https:// address.");
    expect(field("ofx-password").value).toBe("");
  });
});

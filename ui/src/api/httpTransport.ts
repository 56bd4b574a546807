// Browser transport: `POST /api/<command>` to `coffer serve` on loopback, JSON in and out, with the
// per-launch token in the X-Coffer-Token header. Maps every failure to a CallError:
// 401 → "unauthorized"; other non-2xx → the ApiError body, or a "network" error naming the HTTP
// status when the body is not one; fetch failure → "network" naming the origin. Files the UI
// saves are ordinary browser downloads (./download.ts), not requests.
import { downloadFile } from "./download";
import { isApiError, type CallError } from "./errors";
import { readEvents } from "./sse";
import type { Transport } from "./transport";

export const TOKEN_HEADER = "X-Coffer-Token";

export interface HttpTransportOptions {
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  /** Called once per 401, before the call rejects (the app shows the "open the printed URL" screen). */
  onUnauthorized?: () => void;
}

async function readBody(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { ok: false };
  }
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function statusText(response: Response): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
}

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const origin = options.origin.replace(/\/+$/, "");
  const post = async (command: string, request: unknown, accept: string): Promise<Response> => {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: accept };
    if (options.token !== null) headers[TOKEN_HEADER] = options.token;
    try {
      return await doFetch(`${origin}/api/${encodeURIComponent(command)}`, {
        method: "POST",
        headers,
        body: JSON.stringify(request === undefined ? {} : request),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      const error: CallError = {
        kind: "network",
        message: `Coffer is not reachable at ${origin}. Check that \`coffer serve\` is still running, then reload.`,
      };
      throw error;
    }
  };
  const finish = async (command: string, response: Response): Promise<unknown> => {
    const body = await readBody(response);
    if (response.status === 401) {
      options.onUnauthorized?.();
      const error: CallError = {
        kind: "unauthorized",
        message: "This page is not authorized to talk to Coffer. Open the exact URL that `coffer serve` printed.",
      };
      throw error;
    }
    if (response.ok) {
      if (!body.ok) {
        const error: CallError = { kind: "network", message: `Coffer sent an unreadable answer to ${command} (${statusText(response)}).` };
        throw error;
      }
      return body.value;
    }
    if (body.ok && isApiError(body.value)) {
      const error: CallError = { kind: body.value.kind, message: body.value.message };
      throw error;
    }
    const error: CallError = { kind: "network", message: `Coffer answered ${statusText(response)} to ${command}.` };
    throw error;
  };
  const transport: Transport = {
    kind: "http",
    async stream(command, request, onEvent) {
      const response = await post(command, request, "text/event-stream");
      const type = response.headers.get("Content-Type") ?? "";
      if (!response.ok || !type.startsWith("text/event-stream") || response.body === null) return finish(command, response);
      const end: { outcome: { ok: true; value: unknown } | { ok: false; error: CallError } | null } = { outcome: null };
      await readEvents(response.body, (event) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data) as unknown;
        } catch {
          return;
        }
        if (event.event === "progress") onEvent(data);
        else if (event.event === "result") end.outcome = { ok: true, value: data };
        else if (event.event === "error") end.outcome = { ok: false, error: isApiError(data) ? { kind: data.kind, message: data.message } : { kind: "internal", message: `${command} failed.` } };
      }).catch(() => undefined);
      const ended = end.outcome;
      if (ended === null) {
        const error: CallError = { kind: "network", message: `The connection to Coffer closed before ${command} finished; check the vault's state, then try again.` };
        throw error;
      }
      if (!ended.ok) throw ended.error;
      return ended.value;
    },
    async send(command, request) {
      return finish(command, await post(command, request, "application/json"));
    },
    async saveFile(file) {
      return downloadFile(file);
    },
  };
  return transport;
}

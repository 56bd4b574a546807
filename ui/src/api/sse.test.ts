import { describe, expect, it, vi } from "vitest";
import { createHttpTransport } from "./httpTransport";
import { parseEvents, readEvents } from "./sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe("server-sent events", () => {
  it("parses complete events and keeps the unfinished rest", () => {
    const { events, rest } = parseEvents('event: progress\ndata: {"a":1}\n\n: comment\n\nevent: result\ndata: {"b"');
    expect(events).toEqual([{ event: "progress", data: '{"a":1}' }]);
    expect(rest).toBe('event: result\ndata: {"b"');
  });

  it("reassembles events split across chunks, in order", async () => {
    const seen: string[] = [];
    await readEvents(streamOf(["event: progress\nda", 'ta: {"n":1}\n\nevent: pro', 'gress\r\ndata: {"n":2}\r\n\r\nevent: result\ndata: {}\n\n']), (e) => seen.push(`${e.event}:${e.data}`));
    expect(seen).toEqual(['progress:{"n":1}', 'progress:{"n":2}', "result:{}"]);
  });
});

describe("http transport streams", () => {
  const sse = (body: string[], status = 200) =>
    new Response(streamOf(body), { status, headers: { "Content-Type": "text/event-stream; charset=utf-8" } });

  it("asks for an event stream with the token and hands over progress, then the result", async () => {
    const fetch = vi.fn().mockResolvedValue(sse(['event: progress\ndata: {"stage":"started"}\n\n', 'event: result\ndata: {"outcomes":[]}\n\n']));
    const t = createHttpTransport({ origin: "http://127.0.0.1:9", token: "tok", fetch });
    const events: unknown[] = [];
    await expect(t.stream?.("sync_run", {}, (e) => events.push(e))).resolves.toEqual({ outcomes: [] });
    expect(events).toEqual([{ stage: "started" }]);
    const init = fetch.mock.calls[0]?.[1] as RequestInit;
    expect((init.headers as Record<string, string>).Accept).toBe("text/event-stream");
    expect((init.headers as Record<string, string>)["X-Coffer-Token"]).toBe("tok");
  });

  it("rejects with the streamed ApiError, or a network error when the stream ends early", async () => {
    const failing = createHttpTransport({ origin: "http://x", token: "t", fetch: vi.fn().mockResolvedValue(sse(['event: error\ndata: {"kind":"locked","message":"Locked."}\n\n'])) });
    await expect(failing.stream?.("sync_run", {}, () => {})).rejects.toEqual({ kind: "locked", message: "Locked." });
    const cut = createHttpTransport({ origin: "http://x", token: "t", fetch: vi.fn().mockResolvedValue(sse(['event: progress\ndata: {"stage":"started"}\n\n'])) });
    await expect(cut.stream?.("sync_run", {}, () => {})).rejects.toMatchObject({ kind: "network" });
  });

  it("treats a plain JSON error answer like send does (401 → unauthorized)", async () => {
    const onUnauthorized = vi.fn();
    const json = new Response(JSON.stringify({ kind: "unauthorized", message: "no" }), { status: 401, headers: { "Content-Type": "application/json" } });
    const t = createHttpTransport({ origin: "http://x", token: "bad", fetch: vi.fn().mockResolvedValue(json), onUnauthorized });
    await expect(t.stream?.("sync_run", {}, () => {})).rejects.toMatchObject({ kind: "unauthorized" });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});

// A small W3C WebDriver client over fetch: just what the desktop smoke test uses (sessions,
// finding elements by CSS or XPath, clicks, typing, text, script, screenshots). It talks to
// tauri-driver, which starts the app through WebKitWebDriver.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path}: HTTP ${status} ${value?.error ?? ""}: ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

// Every request gives up after this long, so a wedged driver cannot keep the test process alive.
const REQUEST_TIMEOUT_MS = 120_000;

async function request(base, method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  const response = await fetch(base + path, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new WebDriverError(method, path, response.status, json.value);
  return json.value;
}

/** Waits until `probe` returns something other than null/undefined/false, or throws after `timeoutMs`. */
export async function until(probe, { timeoutMs = 20_000, intervalMs = 50, what = "a condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class Session {
  /** Starts the app: tauri-driver turns `tauri:options` into WebKitWebDriver's browser options. */
  static async start(driverUrl, application, args = []) {
    const value = await request(driverUrl, "POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
    });
    return new Session(driverUrl, value.sessionId, value.capabilities);
  }

  constructor(driverUrl, id, capabilities) {
    this.base = `${driverUrl}/session/${id}`;
    this.capabilities = capabilities;
  }

  send(method, path, body) {
    return request(this.base, method, path, body);
  }

  /** Ends the session (the driver closes the app); gives up after 15 s. */
  async end() {
    await request(this.base, "DELETE", "", undefined, 15_000).catch(() => {});
  }

  title() {
    return this.send("GET", "/title");
  }

  /** Every element matching a CSS selector (`using: "css selector"`) or XPath (`"xpath"`). */
  async findAll(selector, using = "css selector") {
    const found = await this.send("POST", "/elements", { using, value: selector });
    return found.map((ref) => new Element(this, ref[ELEMENT]));
  }

  async find(selector, using = "css selector") {
    const [first] = await this.findAll(selector, using);
    return first ?? null;
  }

  /** The first displayed element matching, once there is one. */
  waitFor(selector, using = "css selector", timeoutMs = 20_000) {
    return until(
      async () => {
        for (const el of await this.findAll(selector, using)) if (await el.displayed()) return el;
        return null;
      },
      { timeoutMs, what: `${using} ${selector}` },
    );
  }

  execute(script, args = []) {
    return this.send("POST", "/execute/sync", { script, args });
  }

  /** The whole window as PNG bytes. */
  async screenshot() {
    return Buffer.from(await this.send("GET", "/screenshot"), "base64");
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  send(method, path, body) {
    return this.session.send(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.send("POST", "/click", {});
  }

  type(text) {
    return this.send("POST", "/value", { text });
  }

  text() {
    return this.send("GET", "/text");
  }

  attribute(name) {
    return this.send("GET", `/attribute/${encodeURIComponent(name)}`);
  }

  displayed() {
    return this.send("GET", "/displayed");
  }

  enabled() {
    return this.send("GET", "/enabled");
  }
}

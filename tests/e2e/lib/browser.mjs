// Debian's Chromium driven by playwright-core (which downloads no browser), one fresh profile
// per launch, and pages that record console errors and Content-Security-Policy violations.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { env } from "./serve.mjs";

export const CHROMIUM = process.env.COFFER_E2E_CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  // launch() gives every browser a fresh temporary --user-data-dir and runs it headless.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page in its own context (own sessionStorage, so no token carries over) that collects
 * console messages and `securitypolicyviolation` events into `page.problems`.
 */
export async function openPage(browser, { colorScheme = "light" } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const problems = { console: [], csp: [], pageErrors: [] };
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content.Security.Policy/i.test(text)) problems.csp.push(text);
    if (msg.type() === "error") problems.console.push(text);
  });
  page.on("pageerror", (err) => problems.pageErrors.push(String(err)));
  page.problems = problems;
  page.cspViolations = async () => [...problems.csp, ...(await page.evaluate(() => window.__cspViolations ?? []).catch(() => []))];
  return page;
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(env.artifacts, { recursive: true });
  const path = join(env.artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

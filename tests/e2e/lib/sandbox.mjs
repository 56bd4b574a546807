// A world of a test file's own: a new passphrase vault, `coffer sandbox serve` on an ephemeral
// port, `coffer serve` over the vault and a browser page on the dashboard. For the tests that
// change the vault or need a bank of their own.
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { launch, openPage } from "./browser.mjs";
import { env, startServe } from "./serve.mjs";

/** Starts the sandbox bank with `args`; resolves with the URL it prints and the child. */
export function startSandbox(args) {
  const child = spawn(env.bin, ["sandbox", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
    lines.once("line", (url) => resolve({ url: url.trim(), child }));
  });
}

/**
 * Creates the vault (the passphrase travels in an environment variable), starts the bank and the
 * server, and opens the dashboard. `close()` stops everything and removes `dir`; a set-up that
 * fails half way stops what it had started before it throws.
 */
export async function openOwnWorld({ dir, vault, passphrase, sandboxArgs }) {
  const world = { dir };
  world.close = async () => {
    await world.browser?.close();
    await world.server?.stop();
    world.sandbox?.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    world.browser = await launch();
    execFileSync(env.bin, ["--vault", vault, "--passphrase-env", "COFFER_E2E_PASSPHRASE", "init"], {
      env: { ...process.env, COFFER_E2E_PASSPHRASE: passphrase },
      stdio: "ignore",
    });
    world.sandbox = await startSandbox(sandboxArgs);
    world.sandboxUrl = world.sandbox.url.replace(/\/+$/, "");
    world.server = await startServe({ vault, passphrase });
    world.page = await openPage(world.browser);
    await world.page.goto(world.server.url);
    await world.page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor({ timeout: 30_000 });
    return world;
  } catch (e) {
    await world.close();
    throw e;
  }
}

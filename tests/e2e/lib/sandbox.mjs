// `coffer sandbox serve` on an ephemeral port, for the tests that need a bank of their own.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { env } from "./serve.mjs";

/** Starts the sandbox bank with `args`; resolves with the URL it prints and the child. */
export function startSandbox(args) {
  const child = spawn(env.bin, ["sandbox", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
    lines.once("line", (url) => resolve({ url: url.trim(), child }));
  });
}

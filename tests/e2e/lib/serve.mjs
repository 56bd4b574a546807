// Starts `coffer serve` as a user would and hands back the URL it printed as its first line.
// The passphrase goes on stdin (never argv); the token is only in the URL, kept in memory here.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export const env = {
  bin: required("COFFER_E2E_BIN"),
  uiDir: required("COFFER_E2E_UI_DIR"),
  vault: required("COFFER_E2E_VAULT"),
  passphrase: required("COFFER_E2E_PASSPHRASE"),
  artifacts: process.env.COFFER_E2E_ARTIFACTS ?? new URL("../artifacts/", import.meta.url).pathname,
};

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set; run the tests through scripts/e2e.sh`);
  return value;
}

/** Spawns `coffer --vault V [--passphrase-stdin] serve`; resolves once the URL is printed. */
export function startServe({ vault = env.vault, passphrase = null } = {}) {
  const args = ["--vault", vault];
  if (passphrase !== null) args.push("--passphrase-stdin");
  args.push("serve", "--ui-dir", env.uiDir);
  const child = spawn(env.bin, args, { stdio: ["pipe", "pipe", "pipe"] });
  if (passphrase !== null) child.stdin.write(`${passphrase}\n`);
  child.stdin.end();
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`coffer serve printed no URL in 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`coffer serve exited with ${code} before printing its URL; stderr: ${stderr}`));
    });
    lines.once("line", (url) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        url,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

// Memory of a process tree from /proc (Linux): the app and every process it started (WebKit's
// WebKitWebProcess and WebKitNetworkProcess among them), RSS and PSS summed from smaps_rollup.
// PSS splits shared pages between the processes that map them, so its sum does not double-count
// the libraries the app and its WebKit helpers share; RSS counts them once per process.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces or parentheses; fields after the last ")" are fixed.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function pids() {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
}

/** The newest running process whose executable is `exe` (a resolved path), or null. */
export function findByExe(exe) {
  const matching = pids().filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === exe;
    } catch {
      return false;
    }
  });
  return matching.length === 0 ? null : Math.max(...matching);
}

/** `root` and all its descendants. */
export function tree(root) {
  const children = new Map();
  for (const pid of pids()) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** { processes: [{ pid, name, rssKiB, pssKiB }], rssKiB, pssKiB } over the tree of `root`. */
export function treeMemory(root) {
  const processes = [];
  for (const pid of tree(root)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      processes.push({ pid, name, rssKiB: field("Rss"), pssKiB: field("Pss") });
    } catch {
      // The process ended between listing and reading.
    }
  }
  return {
    processes,
    rssKiB: processes.reduce((sum, p) => sum + p.rssKiB, 0),
    pssKiB: processes.reduce((sum, p) => sum + p.pssKiB, 0),
  };
}

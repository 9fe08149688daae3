import type { ChildProcess } from 'node:child_process';

// Children spawned detached lead their own process group; if this process dies without close()
// they would outlive it, so a single exit hook kills every group still alive (kill is sync).
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  });
}

export function trackGroup(pid: number): void {
  installExitHook();
  liveGroups.add(pid);
}

/** Sends `signal` to the whole group led by `pid`; false when no process of it is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/**
 * Ends a stdio server and everything it started: stdin EOF first (the polite MCP way), then TERM
 * to the group, then KILL after `graceMs`. Works when the server ignores EOF or was launched
 * through npx/a shell, because the signals go to the group, not only the direct child.
 */
export async function terminateGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const pid = child.pid;
  child.stdin?.end();
  if (pid === undefined) return;
  const politeExit = await Promise.race([
    exited(child).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.min(graceMs, 500))),
  ]);
  if (!politeExit || groupAlive(pid)) {
    signalGroup(pid, 'SIGTERM');
    const gone = await waitUntil(() => !groupAlive(pid), graceMs);
    if (!gone) signalGroup(pid, 'SIGKILL');
    await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  }
  liveGroups.delete(pid);
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}

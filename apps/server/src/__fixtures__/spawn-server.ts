import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const serverBin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
export const exampleConfig = fileURLToPath(new URL('../../example.config.json', import.meta.url));
export const exampleTools = fileURLToPath(
  new URL('../../../../examples/tools/index.js', import.meta.url),
);
export const inspectorBin = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/inspector/cli/build/cli.js', import.meta.url),
);

export interface SpawnedServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly healthUrl: string;
  readonly exited: Promise<number | null>;
  /** What the server wrote to stderr so far. */
  readonly stderr: () => string;
}

/** Starts the built server on a free port and waits for the URL it prints (its readiness signal). */
export function spawnHttpServer(args: readonly string[] = []): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [serverBin, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+) \(health: (\S+)\)/.exec(stdout);
      if (match)
        resolve({ child, url: match[1]!, healthUrl: match[2]!, exited, stderr: () => stderr });
    });
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening: ${stderr}`)),
    );
  });
}

export function run(
  command: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

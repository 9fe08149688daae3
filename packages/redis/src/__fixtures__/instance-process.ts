import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ToolCall, ToolResult } from '@tp/core';

const script = fileURLToPath(new URL('./instance.mjs', import.meta.url));

/** A tp instance in a child process (instance.mjs), sharing Redis with the others. */
export interface InstanceProcess {
  readonly pid: number;
  execute(calls: readonly ToolCall[]): Promise<ToolResult[]>;
  invalidate(tool: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startInstance(redisUrl: string, prefix: string): Promise<InstanceProcess> {
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, REDIS_URL: redisUrl, TP_PREFIX: prefix },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  let sequence = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (message.ready) resolve();
      else pending.get(message.id as number)?.(message);
    });
  });
  const ask = (request: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++sequence;
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      child.send({ id, ...request });
    });
  return {
    pid: child.pid!,
    execute: async (calls) => (await ask({ op: 'execute', calls })).results as ToolResult[],
    invalidate: async (tool) => (await ask({ op: 'invalidate', tool })).removed as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ op: 'exit' });
      }),
  };
}

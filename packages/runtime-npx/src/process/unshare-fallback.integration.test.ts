import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTool } from '../__fixtures__/npx-test-runtimes.js';
import { DEFAULT_NPX_LIMITS } from '../npx-limits.js';
import { prepareTool } from '../prepare-tool.js';
import { createProcessLevel } from './process-level.js';
import { detectSandbox, type SandboxSupport } from './sandbox-support.js';

// Where bubblewrap is installed the runtime prefers it; this keeps the `unshare` fallback honest.
const args = ['--net', '--pid', '--fork', '--kill-child'];
const unshareWorks = spawnSync('unshare', [...args, 'true'], { stdio: 'ignore' }).status === 0;
const support: SandboxSupport = {
  permissionFlag: detectSandbox().permissionFlag,
  namespace: { kind: 'unshare', command: 'unshare', args },
};

describe.runIf(unshareWorks)('process level under unshare (no bubblewrap)', () => {
  let server: Server;
  let port: number;
  let arrived = 0;
  const level = createProcessLevel({
    poolSize: 1,
    maxCallsPerChild: 100,
    idleMs: 60_000,
    killGraceMs: 50,
    support,
    allowHostNetwork: false,
    onWarning: () => {},
  });
  const prepared = (name: string) => {
    const tool = prepareTool(fixtureTool('escapes.mjs', name), {
      limits: DEFAULT_NPX_LIMITS,
      cacheDir: '/nonexistent',
    });
    level.check(tool);
    return tool;
  };
  const call = (name: string, input: Record<string, unknown> = {}) =>
    level.run(prepared(name), input, {
      callId: name,
      signal: new AbortController().signal,
      timeMs: 10_000,
      reportProgress: () => {},
    });

  beforeAll(async () => {
    server = createServer((socket) => {
      arrived++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await level.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('denies the network, files and the host pid; the next call answers', async () => {
    await expect(call('connect', { port })).rejects.toThrow();
    await expect(call('fetchUrl', { url: `http://127.0.0.1:${port}/` })).rejects.toThrow();
    expect(arrived).toBe(0);
    await expect(call('readPasswd')).rejects.toMatchObject({
      details: { errorCode: 'ERR_ACCESS_DENIED' },
    });
    await call('killPid', { pid: process.pid }).catch(() => undefined);
    await call('killPid', {}).catch(() => undefined);
    expect(await call('echo', { text: 'alive' })).toBe('alive');
  });
});

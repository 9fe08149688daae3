import { randomBytes } from 'node:crypto';
import type { CallIo } from './call-io.js';
import { GuestStop } from './guest-failures.js';
import type { HostGrants } from './host-grants.js';
import { InputStream, IoError, OutputStream, Pollable, poll } from './streams.js';
import { virtualFs } from './virtual-fs.js';

/** What the tp world's `host` interface does outside the guest. */
export interface ToolHost {
  log(message: string): void;
  callTool(name: string, input: string): { tag: 'ok' | 'err'; val: string };
}

type Interface = Record<string, unknown>;

/**
 * The imports of one instance, supplied entirely by the host: the tp world's `host`, and WASI
 * interfaces backed by nothing ambient (no env but the granted variables, no stdio but the call's
 * captured output, `exit` stops the call, a read-only filesystem of the granted directories).
 * Every import not implemented here — sockets, http, filesystem, clocks or random without their
 * grant — exists, so that any component instantiates, and stops the call when used.
 */
export function hostImports(
  grants: HostGrants,
  io: () => CallIo,
  tool: () => ToolHost,
): Record<string, Interface> {
  const stdout = new OutputStream((bytes) => io().write('stdout', bytes));
  const stderr = new OutputStream((bytes) => io().write('stderr', bytes));
  const stdin = new InputStream();
  const implemented: Record<string, Interface> = {
    'tp:tool/host': {
      log: (message: string) => tool().log(message),
      callTool: (name: string, input: string) => tool().callTool(name, input),
    },
    'wasi:cli/environment': {
      getEnvironment: () => grants.env.map(([name, value]) => [name, value]),
      getArguments: () => [],
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: string }) => {
        throw new GuestStop({ kind: 'exit', status: status.tag === 'ok' ? 0 : 1 });
      },
      exitWithCode: (status: number) => {
        throw new GuestStop({ kind: 'exit', status });
      },
    },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    ...(grants.clocks ? clocks : {}),
    ...(grants.random ? random : {}),
    ...(grants.preopens.length > 0 ? virtualFs(grants.preopens) : {}),
  };
  return new Proxy(implemented, {
    get: (target, name) =>
      typeof name === 'string' ? (target[name] ?? deniedInterface(name)) : undefined,
  });
}

const clocks: Record<string, Interface> = {
  'wasi:clocks/monotonic-clock': {
    now: () => process.hrtime.bigint(),
    resolution: () => 1n,
    subscribeInstant: (when: bigint) => new Pollable(when),
    subscribeDuration: (duration: bigint) => new Pollable(process.hrtime.bigint() + duration),
  },
  'wasi:clocks/wall-clock': {
    now: () => {
      const ms = Date.now();
      return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 };
    },
    resolution: () => ({ seconds: 0n, nanoseconds: 1e6 }),
  },
};

const u64 = () => randomBytes(8).readBigUInt64LE();
const random: Record<string, Interface> = {
  'wasi:random/random': {
    getRandomBytes: (length: bigint) => new Uint8Array(randomBytes(Number(length))),
    getRandomU64: u64,
  },
  'wasi:random/insecure': {
    getInsecureRandomBytes: (length: bigint) => new Uint8Array(randomBytes(Number(length))),
    getInsecureRandomU64: u64,
  },
  'wasi:random/insecure-seed': { insecureSeed: () => [u64(), u64()] },
};

/** An interface whose every member — function or resource class — stops the call when used. */
function deniedInterface(name: string): Interface {
  return new Proxy(
    {},
    {
      get: (_target, member) => {
        if (typeof member !== 'string') return undefined;
        // A plain function: it may stand for a resource class (instanceof needs a prototype).
        return function denied() {
          throw new GuestStop({ kind: 'denied', import: `${name}#${member}` });
        };
      },
    },
  );
}

import { adoptCoreModules } from '../compile/load-component-code.js';
import { CallIo } from '../host/call-io.js';
import { GuestStop } from '../host/guest-failures.js';
import type { ToolHost } from '../host/host-imports.js';
import { callTyped, errPayload, GuestError } from '../wit/call-typed.js';
import type { FailureKind, Invocation, Outcome } from './invocation.js';
import type { SetupPhase, WarmInstance, WarmInstances } from './warm-instances.js';

/**
 * Runs one call on a warm instance of its component, in this thread: the same code serves the
 * trusted mode (host thread) and each worker of the isolated mode. Never throws: every way a guest
 * can stop becomes an Outcome.
 */
export async function invoke(
  instances: WarmInstances,
  invocation: Invocation,
  host: Omit<ToolHost, 'log'>,
  onSetup?: (phase: SetupPhase) => void,
): Promise<Outcome> {
  const io = new CallIo(invocation.outputBytes);
  const output = () => ({ logs: io.logs, stdout: io.stdout, stderr: io.stderr });
  if (invocation.modules) {
    adoptCoreModules(invocation.target.dir, invocation.target.maxPages, invocation.modules);
  }
  const [key, idle] = instances.takeIdle(invocation.target, invocation.grants);
  let instance: WarmInstance;
  try {
    instance = idle ?? (await instances.create(invocation.target, invocation.grants, onSetup));
  } catch (error) {
    return { ok: false, ...failure(error, undefined), ...output() };
  }
  instance.io = io;
  instance.host = { log: (message) => io.log(message), callTool: host.callTool };
  try {
    const value = runExport(instance, invocation, io);
    instances.give(key, instance);
    return { ok: true, value, ...output() };
  } catch (error) {
    return { ok: false, ...failure(error, instance), ...output() };
  }
}

function runExport(instance: WarmInstance, invocation: Invocation, io: CallIo): unknown {
  const abi = invocation.target.abi;
  if (abi.kind === 'typed') {
    const value = callTyped(instance.exports, abi.function, invocation.args);
    io.count(Buffer.byteLength(JSON.stringify(value) ?? ''));
    return value;
  }
  const name = abi.kind === 'describe' ? 'describe' : 'call';
  const exported = instance.exports[name];
  if (typeof exported !== 'function') {
    throw new BadOutput(`the component does not export "${name}"`);
  }
  const text =
    abi.kind === 'describe'
      ? (exported as () => string)()
      : (exported as (input: string) => string)(JSON.stringify(invocation.args ?? {}));
  io.count(Buffer.byteLength(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadOutput(`the component answered text that is not JSON: ${text.slice(0, 200)}`);
  }
}

class BadOutput extends Error {}

function failure(
  error: unknown,
  instance: WarmInstance | undefined,
): { kind: FailureKind; message: string; details: Record<string, unknown> } {
  if (error instanceof GuestStop) {
    const { kind, ...details } = error.failure;
    return { kind, message: error.message, details };
  }
  if (error instanceof BadOutput)
    return { kind: 'bad-output', message: error.message, details: {} };
  if (error instanceof GuestError) {
    return {
      kind: 'guest-error',
      message: error.value === undefined ? 'the component returned an error' : error.message,
      details: error.value === undefined ? {} : { error: error.value },
    };
  }
  // The tp world's `call` answered err.
  const payload = errPayload(error);
  if (payload) {
    return {
      kind: 'guest-error',
      message: typeof payload.value === 'string' ? payload.value : JSON.stringify(payload.value),
      details: {},
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const memoryPages = instance?.memories.map((memory) => memory.buffer.byteLength / 65_536);
  return { kind: 'trap', message, details: memoryPages ? { memoryPages } : {} };
}

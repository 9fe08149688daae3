// A complete third-party runtime: tools written as JavaScript source strings, compiled once per
// definition in a fresh node:vm context. docs/writing-a-runtime.md walks through it.
// (node:vm separates globals, it is not a security boundary: isolation is 'none'.)
import vm from 'node:vm';
import { createToolDefinition, TpError } from '@tp/core';

export const SCRIPT_RUNTIME = 'script';

/** `code` is the body of `async (args, signal, sleep) => { ... }`. */
export function defineScriptTool({ code, ...options }) {
  if (typeof code !== 'string') throw new TypeError('defineScriptTool: code must be a string');
  return createToolDefinition({ ...options, runtime: SCRIPT_RUNTIME, source: code });
}

export function createScriptRuntime() {
  let disposed = false;
  const unavailable = () =>
    new TpError({ code: 'RUNTIME_UNAVAILABLE', message: '[script] the runtime was disposed' });

  return {
    specificationVersion: 'v1',
    kind: SCRIPT_RUNTIME,
    capabilities: () => ({ cancellation: true, progress: false, isolation: 'none' }),

    // Called once per definition (the processor caches the result): do expensive work here.
    load(definition) {
      if (disposed) throw unavailable();
      const handle = vm.runInNewContext(
        `(async (args, signal, sleep) => {\n${definition.source}\n})`,
      );
      return { definition, handle };
    },

    async execute(tool, args, ctx) {
      if (disposed) throw unavailable();
      ctx.signal.throwIfAborted();
      const run = tool.handle(args, ctx.signal, sleep).catch((error) => {
        // Errors made inside the vm context are not `instanceof Error` here: keep their message.
        throw new TpError({
          code: 'TOOL_EXECUTION_FAILED',
          message: String(error?.message ?? error),
        });
      });
      // Settle as soon as the signal aborts (timeout, cancellation, close), with its reason.
      let stop;
      const aborted = new Promise((_, reject) => {
        stop = () => reject(ctx.signal.reason);
        ctx.signal.addEventListener('abort', stop, { once: true });
      });
      try {
        return await Promise.race([run, aborted]);
      } finally {
        ctx.signal.removeEventListener('abort', stop);
      }
    },

    async dispose() {
      disposed = true;
    },
  };
}

/** Handed to scripts: waits `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

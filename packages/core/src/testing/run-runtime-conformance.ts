import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { TpError } from '../errors/tp-error.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import { permissionsConformance } from './permissions-conformance.js';

/**
 * The tools a runtime under test provides, written in its own language. Each must behave as
 * described; the suite checks the runtime through them.
 */
export interface ConformanceFixtures {
  /** `{ text: string }` → returns `text` unchanged (a string). */
  readonly echo: ToolDefinition;
  /** `{ message: string }` → fails with an error whose message contains `message`. */
  readonly fail: ToolDefinition;
  /** `{ ms: number }` → returns "done" after `ms` milliseconds; stops early when cancelled. */
  readonly slow: ToolDefinition;
  /**
   * `{ steps: number }` → reports `{ progress: step, total: steps }` for step = 1…steps, then
   * returns. Required when the runtime's `capabilities().progress` is true.
   */
  readonly progress?: ToolDefinition;
}

export interface RuntimeConformanceOptions {
  /** Label of the describe block. */
  readonly name: string;
  readonly createRuntime: () => ToolRuntimeV1 | Promise<ToolRuntimeV1>;
  readonly fixtures: ConformanceFixtures;
  /** Concurrent calls in the concurrency check (default 24). */
  readonly concurrentCalls?: number;
}

const tricky = 'quotes " \' braces {} [] $dollar \\backslash\nnewline — ünïcødé 🚀';

/**
 * The suite every tp runtime (ours and third parties') must pass: load, execute, error mapping,
 * timeout, cancellation, dispose and concurrency, directly and through a processor, and the
 * permissions manifest (what `capabilities().enforces` lists holds; the rest is refused).
 * Call it at the top level of a vitest test file.
 */
export function runRuntimeConformance(options: RuntimeConformanceOptions): void {
  const { fixtures } = options;
  describe(`runtime conformance: ${options.name}`, () => {
    let runtime: ToolRuntimeV1;
    const tools = [fixtures.echo, fixtures.fail, fixtures.slow];
    if (fixtures.progress) tools.push(fixtures.progress);
    const processorWith = (timeoutMs = 30_000) => {
      const registry = createRegistry();
      registry.register(...tools);
      return createProcessor({ registry, runtimes: [runtime], timeoutMs });
    };
    const call = (tool: ToolDefinition, args: Record<string, unknown>, id = tool.name) => ({
      id,
      tool: `${tool.namespace}.${tool.name}`,
      arguments: args,
    });

    beforeAll(async () => {
      runtime = await options.createRuntime();
    });
    afterAll(async () => {
      await runtime?.dispose();
    });

    it('declares the v1 contract and its capabilities', () => {
      expect(runtime.specificationVersion).toBe('v1');
      expect(typeof runtime.kind).toBe('string');
      for (const tool of tools) expect(tool.runtime).toBe(runtime.kind);
      const capabilities = runtime.capabilities();
      expect(typeof capabilities.cancellation).toBe('boolean');
      expect(typeof capabilities.progress).toBe('boolean');
      expect(['none', 'sandbox', 'process', 'remote']).toContain(capabilities.isolation);
    });

    it('loads a tool and executes it directly, returning the value verbatim', async () => {
      const loaded = await runtime.load(fixtures.echo);
      expect(loaded.definition).toBe(fixtures.echo);
      const controller = new AbortController();
      const value = await runtime.execute(
        loaded,
        { text: tricky },
        {
          callId: 'direct',
          signal: controller.signal,
          context: { requestId: 'conformance', metadata: {} },
          attempt: 1,
          reportProgress: () => {},
        },
      );
      expect(value).toBe(tricky);
    });

    it('executes through a processor', async () => {
      const processor = processorWith();
      const [result] = await processor.execute([call(fixtures.echo, { text: tricky })]);
      expect(result).toMatchObject({ ok: true, value: tricky, runtime: runtime.kind, attempts: 1 });
    });

    it('maps a failing tool to TOOL_EXECUTION_FAILED with its message', async () => {
      const processor = processorWith();
      const [result] = await processor.execute([
        call(fixtures.fail, { message: 'conformance-boom' }),
      ]);
      expect(result?.ok).toBe(false);
      expect(result?.error?.code).toBe('TOOL_EXECUTION_FAILED');
      expect(result?.error?.message).toContain('conformance-boom');
    });

    it('times out a slow call with TOOL_TIMEOUT and keeps working afterwards', async () => {
      const processor = processorWith(150);
      const [timedOut] = await processor.execute([call(fixtures.slow, { ms: 120_000 })]);
      expect(timedOut?.error?.code).toBe('TOOL_TIMEOUT');
      // The next call may need a replacement worker: judge that it works, not how fast on a busy
      // machine (a second processor on the same runtime, default time limit).
      const [after] = await processorWith().execute([
        call(fixtures.echo, { text: 'after timeout' }),
      ]);
      expect(after).toMatchObject({ ok: true, value: 'after timeout' });
    });

    it('cancels an in-flight call with TOOL_CANCELLED and keeps working afterwards', async () => {
      const processor = processorWith();
      const controller = new AbortController();
      const pending = processor.execute([call(fixtures.slow, { ms: 120_000 })], {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 50);
      const [cancelled] = await pending;
      expect(cancelled?.error?.code).toBe('TOOL_CANCELLED');
      const [after] = await processor.execute([call(fixtures.echo, { text: 'after cancel' })]);
      expect(after).toMatchObject({ ok: true, value: 'after cancel' });
    });

    it('rejects with TOOL_CANCELLED when the signal is already aborted', async () => {
      const loaded = await runtime.load(fixtures.slow);
      const controller = new AbortController();
      const reason = new TpError({ code: 'TOOL_CANCELLED', message: 'pre-aborted' });
      controller.abort(reason);
      await expect(
        runtime.execute(
          loaded,
          { ms: 120_000 },
          {
            callId: 'pre-aborted',
            signal: controller.signal,
            context: { requestId: 'conformance', metadata: {} },
            attempt: 1,
            reportProgress: () => {},
          },
        ),
      ).rejects.toSatisfy(
        (error: unknown) => TpError.isInstance(error) && error.code === 'TOOL_CANCELLED',
      );
    });

    it('runs many calls concurrently, each getting its own result', async () => {
      const processor = processorWith();
      const count = options.concurrentCalls ?? 24;
      const calls = Array.from({ length: count }, (_, index) =>
        call(fixtures.echo, { text: `value-${index}` }, `c${index}`),
      );
      const results = await processor.execute(calls);
      expect(results.map((result) => result.value)).toEqual(
        calls.map((_, index) => `value-${index}`),
      );
      expect(results.every((result) => result.ok)).toBe(true);
    });

    it('overlaps concurrent calls up to its declared maxConcurrency', async () => {
      const parallel = Math.min(runtime.capabilities().maxConcurrency ?? 3, 3);
      // A runtime that declares one call at a time has nothing to overlap.
      if (parallel < 2) return;
      const processor = processorWith();
      const ms = 1_000;
      const calls = Array.from({ length: parallel }, (_, index) =>
        call(fixtures.slow, { ms }, `o${index}`),
      );
      const started = performance.now();
      const results = await processor.execute(calls);
      const elapsed = performance.now() - started;
      expect(results.every((result) => result.ok)).toBe(true);
      // Run one after another the calls would need parallel × ms at least: finishing sooner
      // proves that at least two of them ran at the same time (a logical bound, not a speed one).
      expect(elapsed).toBeLessThan(parallel * ms);
    });

    it('reports progress through the processor when capabilities().progress is true', async () => {
      if (!runtime.capabilities().progress) return;
      expect(
        fixtures.progress,
        'capabilities().progress is true: provide fixtures.progress',
      ).toBeDefined();
      const updates: Array<{ progress: number; total?: number }> = [];
      const processor = processorWith();
      const [result] = await processor.execute([call(fixtures.progress!, { steps: 3 }, 'p1')], {
        onProgress: (callId, update) => {
          if (callId === 'p1') updates.push({ progress: update.progress, total: update.total });
        },
      });
      expect(result?.ok).toBe(true);
      expect(updates.length).toBeGreaterThan(0);
      const values = updates.map((update) => update.progress);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values.at(-1)).toBe(3);
      expect(updates.every((update) => update.total === undefined || update.total === 3)).toBe(
        true,
      );
    });

    it("keeps its own error codes: a disposed runtime's RUNTIME_UNAVAILABLE reaches the result", async () => {
      const disposable = await options.createRuntime();
      const registry = createRegistry();
      registry.register(...tools);
      const processor = createProcessor({ registry, runtimes: [disposable] });
      await processor.execute([call(fixtures.echo, { text: 'warm' })]);
      await disposable.dispose();
      const [result] = await processor.execute([call(fixtures.echo, { text: 'x' })]);
      expect(result?.error?.code).toBe('RUNTIME_UNAVAILABLE');
    });

    permissionsConformance(() => runtime, fixtures);

    it('fails with RUNTIME_UNAVAILABLE after dispose', async () => {
      const disposable = await options.createRuntime();
      const loaded = await disposable.load(fixtures.echo);
      await disposable.dispose();
      const controller = new AbortController();
      const error = await disposable
        .execute(
          loaded,
          { text: 'x' },
          {
            callId: 'disposed',
            signal: controller.signal,
            context: { requestId: 'conformance', metadata: {} },
            attempt: 1,
            reportProgress: () => {},
          },
        )
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(TpError.isInstance(error) && error.code).toBe('RUNTIME_UNAVAILABLE');
    });
  });
}

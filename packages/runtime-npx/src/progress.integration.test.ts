import type { ProgressUpdate } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { progress } from './__fixtures__/conformance-tools.js';
import { fixtureTool, useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';

// ctx.reportProgress in tool code reaches the processor's onProgress at every level, in order,
// and nothing but a clean { progress, total?, message? } crosses from the tool.
const { setup } = useNpxRuntimes();

for (const sandbox of ['process', 'thread', 'none'] as const) {
  describe(`progress from a ${sandbox} tool`, () => {
    const callWithProgress = async (tool: string, args: Record<string, unknown>) => {
      const tools = [
        progress,
        fixtureTool('progress.mjs', 'malformed'),
        fixtureTool('progress.mjs', 'forged'),
        fixtureTool('progress.mjs', 'flood'),
      ];
      const { processor } = setup(tools, { sandbox, limits: { outputBytes: 64 * 1024 } });
      const updates: ProgressUpdate[] = [];
      const [result] = await processor.execute([{ id: 'p', tool, arguments: args }], {
        onProgress: (_callId, update) => updates.push(update),
      });
      return { result, updates };
    };

    it('passes every update on before the result, in order', async () => {
      const { result, updates } = await callWithProgress('progress', { steps: 4 });
      expect(result).toMatchObject({ ok: true, value: 4 });
      expect(updates).toEqual(
        [1, 2, 3, 4].map((step) => ({ progress: step, total: 4, message: `step ${step}` })),
      );
    });

    it('fails a call whose tool reports something that is not a progress update', async () => {
      const { result, updates } = await callWithProgress('malformed', {});
      expect(result?.ok).toBe(false);
      expect(result?.error?.message).toContain('ctx.reportProgress takes { progress: number');
      expect(updates).toEqual([]);
    });
  });
}

describe('progress lines a process-level tool writes itself', () => {
  it('drops malformed ones and passes only the known fields of the others, message cut', async () => {
    const { processor } = setup([fixtureTool('progress.mjs', 'forged')]);
    const updates: ProgressUpdate[] = [];
    const [result] = await processor.execute([{ id: 'f', tool: 'forged', arguments: {} }], {
      onProgress: (_callId, update) => updates.push(update),
    });
    expect(result).toMatchObject({ ok: true, value: 'done' });
    expect(updates).toEqual([
      { progress: 1, total: 2, message: 'x'.repeat(1024) },
      { progress: 2, total: 2 },
    ]);
  });

  it('counts them against the output limit', async () => {
    const { processor } = setup([fixtureTool('progress.mjs', 'flood')], {
      limits: { outputBytes: 64 * 1024 },
    });
    const [result] = await processor.execute([{ id: 'f', tool: 'flood', arguments: {} }]);
    expect(result?.ok).toBe(false);
    expect(result?.error?.code).toBe('TOOL_RESOURCE_EXHAUSTED');
  });
});

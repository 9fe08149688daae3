import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

function processor() {
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'add',
      description: 'adds two numbers',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    }),
  );
  return createProcessor({ registry });
}

describe('parsing through process()', () => {
  it('runs every call it read, identical ones too, and turns each issue into a PARSER_ERROR result naming the tool', async () => {
    const text = [
      'Adding twice, then a broken one.',
      '<tool_call>{"name": "add", "arguments": {"a": 1, "b": 2}}</tool_call>',
      '<tool_call>{"name": "add", "arguments": {"a": 1, "b": 2}}</tool_call>',
      '<tool_call>{"name": "add", "arguments": {"a": 3, "b":',
    ].join('\n');
    const results = await processor().process(text);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ callId: 'call_1', tool: 'add', ok: true, value: 3 });
    expect(results[1]).toMatchObject({ callId: 'call_2', tool: 'add', ok: true, value: 3 });
    expect(results[2]).toMatchObject({
      tool: 'add',
      ok: false,
      error: {
        code: 'PARSER_ERROR',
        message: `hermes: truncated JSON: the value never closes at offset ${text.lastIndexOf('{"name"')}`,
      },
    });
  });

  it('assembles a list of stream chunks into its calls', async () => {
    const chunk = (delta: object) => ({ object: 'chat.completion.chunk', choices: [{ delta }] });
    const results = await processor().process([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'add', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a": 1, "b": 2}' } }] }),
    ]);
    expect(results).toMatchObject([{ ok: true, callId: 'c1', tool: 'add' }]);
  });

  it('gives [] for plain text and a PARSER_ERROR for a number or null, never throwing', async () => {
    const tp = processor();
    expect(await tp.process('No tools needed: 2 + 2 = 4 {obviously}.')).toEqual([]);
    for (const input of [42, null, undefined]) {
      const results = await tp.process(input);
      expect(results).toMatchObject([{ ok: false, error: { code: 'PARSER_ERROR' } }]);
    }
  });
});

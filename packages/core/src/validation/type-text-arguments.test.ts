import { describe, expect, it } from 'vitest';
import { defineTool } from '../define-tool.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import { typeTextArguments } from './type-text-arguments.js';

const schema = {
  type: 'object',
  properties: {
    zip: { type: 'string' },
    flag: { type: 'string' },
    count: { type: 'integer' },
    ratio: { type: 'number' },
    on: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    opts: { type: 'object' },
    maybe: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    free: {},
  },
};

describe('typeTextArguments', () => {
  it('types each text value by its property schema', () => {
    const text = {
      zip: '02134',
      flag: 'true',
      count: ' 42 ',
      ratio: '1e-3',
      on: 'False',
      tags: "['a', 'b']",
      opts: '{"deep": {"x": 1}}',
      maybe: 'None',
      free: '7',
    };
    const guessed = { ...text, flag: true, count: ' 42 ', ratio: 0.001, free: 7 };
    expect(typeTextArguments(guessed, text, schema)).toEqual({
      zip: '02134',
      flag: 'true',
      count: 42,
      ratio: 0.001,
      on: false,
      tags: ['a', 'b'],
      opts: { deep: { x: 1 } },
      maybe: null,
      free: 7,
    });
  });

  it('keeps the guess when the text does not fit, so validation names the problem', () => {
    expect(typeTextArguments({ count: 'many' }, { count: 'many' }, schema)).toEqual({
      count: 'many',
    });
    expect(typeTextArguments({ count: 1.5 }, { count: '1.5' }, schema)).toEqual({ count: 1.5 });
  });

  it('returns the same object when nothing changes (no copy on the hot path)', () => {
    const guessed = { count: 3 };
    expect(typeTextArguments(guessed, { count: '3' }, schema)).toBe(guessed);
  });
});

describe('Qwen3-Coder values typed by the schema through process()', () => {
  it('a numeric-looking string parameter stays a string, a number becomes a number', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'ship',
        description: 'ships a parcel',
        inputSchema: {
          type: 'object',
          properties: {
            zip: { type: 'string' },
            weight: { type: 'number' },
            fragile: { type: 'boolean' },
          },
          required: ['zip', 'weight', 'fragile'],
          additionalProperties: false,
        },
        execute: (args) => args,
      }),
    );
    const processor = createProcessor({ registry });
    const [result] = await processor.process(
      '<tool_call>\n<function=ship>\n<parameter=zip>\n12345\n</parameter>\n<parameter=weight>\n2.5\n</parameter>\n<parameter=fragile>\nTrue\n</parameter>\n</function>\n</tool_call>',
    );
    expect(result).toMatchObject({ ok: true, value: { zip: '12345', weight: 2.5, fragile: true } });
    await processor.close();
  });
});

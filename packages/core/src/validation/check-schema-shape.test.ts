import { describe, expect, it } from 'vitest';
import { schemaShapeProblem } from './check-schema-shape.js';

describe('schemaShapeProblem', () => {
  it('finds a type that is not a JSON type, anywhere in the schema', () => {
    expect(
      schemaShapeProblem({
        type: 'object',
        properties: { a: { type: 'array', items: { anyOf: [{ type: 'strnig' }] } } },
      }),
    ).toBe('#/properties/a/items/anyOf/0/type: "strnig" is not a JSON type');
    expect(schemaShapeProblem({ type: ['string', 'nul'] })).toBe(
      '#/type: "nul" is not a JSON type',
    );
  });

  it('finds a local $ref that points nowhere; resolves ~0/~1 escapes and $defs/definitions', () => {
    expect(schemaShapeProblem({ $ref: '#/$defs/missing' })).toBe(
      '#/$ref: "#/$defs/missing" points to nothing in the schema',
    );
    expect(
      schemaShapeProblem({
        $defs: { 'a/b': { type: 'number' }, 'c~d': { type: 'string' } },
        definitions: { n: { type: 'number' } },
        properties: {
          x: { $ref: '#/$defs/a~1b' },
          y: { $ref: '#/$defs/c~0d' },
          z: { $ref: '#/definitions/n' },
          self: { $ref: '#' },
          remote: { $ref: 'https://example.com/schema.json' },
        },
      }),
    ).toBeUndefined();
  });

  it('stops at a depth no real schema reaches instead of overflowing', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10_000; i++) deep = { items: deep };
    expect(schemaShapeProblem(deep)).toBeUndefined();
  });
});

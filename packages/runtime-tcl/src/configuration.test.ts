import { describe, expect, it } from 'vitest';
import { createTclRuntime } from './create-tcl-runtime.js';
import { defineTclTool } from './define-tcl-tool.js';

// Configuration is checked when the runtime or tool is made; no tclsh is started here.
describe('configuration errors name the field', () => {
  it.each([
    [{ poolSize: 0 }, 'poolSize'],
    [{ limits: { commands: 0 } }, 'limits.commands'],
    [{ limits: { timeMs: 1.5 } }, 'limits.timeMs'],
    [{ limits: { memoryMb: -1 } }, 'limits.memoryMb'],
    [{ killGraceMs: -1 }, 'killGraceMs'],
    [{ hostCommands: { 'bad name': () => '' } }, 'hostCommands.bad name'],
  ])('createTclRuntime(%j)', (options, field) => {
    expect(() => createTclRuntime(options as never)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', field }),
    );
  });

  it.each([
    [{ script: '' }, 'tool "t".script'],
    [{ script: 'x', result: 'xml' }, 'tool "t".result'],
    [{ script: 'x', parameters: [{ name: 'a b' }] }, 'tool "t".parameters[0].name'],
    [{ script: 'x', parameters: [{ name: 'tcl_platform' }] }, 'tool "t".parameters[0].name'],
    [
      { script: 'x', parameters: { type: 'object', properties: { 'x-y': {} } } },
      'tool "t".parameters.x-y',
    ],
  ])('defineTclTool(%j)', (options, field) => {
    expect(() => defineTclTool({ name: 't', description: 't', ...options } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', field }),
    );
  });

  it('builds a JSON Schema with a schemaHash on core createToolDefinition', () => {
    const tool = defineTclTool({
      name: 'add',
      namespace: 'math',
      description: 'adds',
      script: 'expr {$a + $b}',
      parameters: [
        { name: 'a', type_name: 'int', required: true },
        { name: 'b', type: 'float' },
      ],
    });
    expect(tool).toMatchObject({
      runtime: 'tcl',
      namespace: 'math',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'integer' }, b: { type: 'number' } },
        required: ['a'],
      },
      source: { script: 'expr {$a + $b}', parameterNames: ['a', 'b'], result: 'text' },
    });
    expect(tool.schemaHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(tool)).toBe(true);
  });
});

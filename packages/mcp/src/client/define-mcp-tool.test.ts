import { describe, expect, it } from 'vitest';
import { defineMcpTool, importTool, registryNameFor, sideEffectOf } from './define-mcp-tool.js';

describe('MCP tool definitions', () => {
  it('maps annotations to sideEffect', () => {
    expect(sideEffectOf({ readOnlyHint: true })).toBe('read_only');
    expect(sideEffectOf({ readOnlyHint: false, destructiveHint: false })).toBe('write');
    expect(sideEffectOf({ destructiveHint: true })).toBe('destructive');
    expect(sideEffectOf({ readOnlyHint: false })).toBe('destructive');
    expect(sideEffectOf(undefined)).toBeUndefined();
  });

  it('makes remote names registry-safe and keeps the remote name in the source', () => {
    expect(registryNameFor('files/read.v2')).toBe('files_read_v2');
    const tool = defineMcpTool({ server: 'fs', tool: 'read.file', description: '' });
    expect(tool).toMatchObject({
      name: 'read_file',
      namespace: 'fs',
      runtime: 'mcp',
      source: { server: 'fs', tool: 'read.file' },
    });
  });

  it('imports a listed tool with its schema (minus $schema), hints and a flat name when asked', () => {
    const tool = importTool(
      'everything',
      {
        name: 'get-sum',
        description: 'adds',
        inputSchema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { a: { type: 'number' } },
        },
        annotations: { readOnlyHint: true, idempotentHint: true },
      },
      { namespace: 'default', prefix: 'everything__' },
      5000,
    );
    expect(tool).toMatchObject({
      name: 'everything__get-sum',
      namespace: 'default',
      sideEffect: 'read_only',
      idempotent: true,
      timeoutMs: 5000,
      inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
    });
    expect(tool.inputSchema).not.toHaveProperty('$schema');
  });
});

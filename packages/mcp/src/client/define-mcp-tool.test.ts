import { ConfigurationError } from '@tp/core';
import { describe, expect, it } from 'vitest';
import type { SdkTool } from '../sdk/sdk-adapter.js';
import {
  defineMcpTool,
  importTool,
  importTools,
  registryNameFor,
  sideEffectOf,
} from './define-mcp-tool.js';

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

describe('importing outputSchema', () => {
  const naming = { namespace: 'srv' };
  const listed = (name: string, outputSchema?: unknown) =>
    ({
      name,
      inputSchema: { type: 'object' },
      ...(outputSchema !== undefined ? { outputSchema } : {}),
    }) as SdkTool;

  it('keeps a remote outputSchema (minus $schema) on the definition', () => {
    const tool = importTool(
      'srv',
      listed('stats', {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { count: { type: 'number' } },
        required: ['count'],
      }),
      naming,
      undefined,
    );
    expect(tool.outputSchema).toEqual({
      type: 'object',
      properties: { count: { type: 'number' } },
      required: ['count'],
    });
    expect(importTool('srv', listed('plain'), naming, undefined).outputSchema).toBeUndefined();
  });

  it('imports a tool whose outputSchema core rejects without it, and reports the problem', () => {
    const problems: Error[] = [];
    const imported = importTools(
      'srv',
      [listed('bad', []), listed('good', { type: 'object' })],
      naming,
      undefined,
      undefined,
      (error) => problems.push(error),
    );
    expect(imported.map((item) => item.remote)).toEqual(['bad', 'good']);
    expect(imported[0]!.definition.outputSchema).toBeUndefined();
    expect(imported[1]!.definition.outputSchema).toEqual({ type: 'object' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(ConfigurationError);
    expect(problems[0]!.message).toMatch(/outputSchema/);
  });

  it('leaves out only a tool that cannot be imported at all', () => {
    const problems: Error[] = [];
    const imported = importTools(
      'srv',
      [{ name: 'broken', inputSchema: { type: 'string' } } as unknown as SdkTool, listed('good')],
      naming,
      undefined,
      undefined,
      (error) => problems.push(error),
    );
    expect(imported.map((item) => item.remote)).toEqual(['good']);
    expect(problems).toHaveLength(1);
  });
});

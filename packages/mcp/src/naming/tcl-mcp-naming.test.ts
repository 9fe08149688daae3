import { createToolDefinition } from '@tp/core';
import { describe, expect, it } from 'vitest';
import {
  formatTclMcpName,
  parseTclMcpName,
  type TclMcpToolName,
  tclMcpNameCodec,
} from './tcl-mcp-naming.js';

const examples: [string, TclMcpToolName][] = [
  ['bin__tcl_execute', { kind: 'bin', name: 'tcl_execute' }],
  ['sbin__tcl_tool_add', { kind: 'sbin', name: 'tcl_tool_add' }],
  ['docs__molt_book', { kind: 'docs', name: 'molt_book' }],
  [
    'user__alice__utils__reverse_string__v1_0',
    { kind: 'user', user: 'alice', package: 'utils', name: 'reverse_string', version: '1.0' },
  ],
  ['user__bob__math__calculate', { kind: 'user', user: 'bob', package: 'math', name: 'calculate' }],
  ['mcp__srv__tool', { kind: 'mcp', server: 'srv', name: 'tool' }],
  ['mcp__file-system__read_file', { kind: 'mcp', server: 'file-system', name: 'read_file' }],
];

const tool = (
  name: string,
  namespace: string,
  version?: string,
  metadata?: Record<string, unknown>,
) =>
  createToolDefinition({
    name,
    namespace,
    ...(version ? { version } : {}),
    description: '',
    inputSchema: { type: 'object' },
    runtime: 'tcl',
    source: null,
    ...(metadata ? { metadata } : {}),
  });

describe('TCL MCP server naming', () => {
  it.each(examples)('%s round-trips', (text, name) => {
    expect(parseTclMcpName(text)).toEqual(name);
    expect(formatTclMcpName(name)).toBe(text);
  });

  it.each([
    '',
    'bin',
    'bin__',
    'bin___tcl_execute',
    'bin__tcl_execute__extra',
    'usr__x',
    'user__alice__utils',
    'user__alice__utils__reverse_string__1_0',
    'user__alice__utils__reverse_string__v1__0',
    'user__alice__utils__reverse_string__v1_0__more',
    'user_alice__utils___reverse_string__v1_0',
    'mcp__srv',
    'mcp__srv__tool__x',
    'mcp__srv__to ol',
    'mcp__srv__tool_',
    'bin__tcl.execute',
  ])('rejects malformed %j', (text) => {
    expect(parseTclMcpName(text)).toBeUndefined();
  });

  it('refuses to format what it could not parse back', () => {
    expect(() => formatTclMcpName({ kind: 'bin', name: 'a__b' })).toThrow(
      /cannot be a name segment/,
    );
    expect(() => formatTclMcpName({ kind: 'mcp', server: '_x', name: 'y' })).toThrow();
    expect(() =>
      formatTclMcpName({ kind: 'user', user: 'a', package: 'b', name: 'c', version: 'beta' }),
    ).toThrow(/digits and dots/);
  });

  it('encodes registry tools and decodes names into registry lookups', () => {
    const codec = tclMcpNameCodec();
    const stored = tool('reverse_string', 'user:alice:utils', '1.0.0', {
      tclMcp: { path: '/alice/utils/reverse_string:1.0', system: false, version: '1.0' },
    });
    expect(codec.encode(stored)).toBe('user__alice__utils__reverse_string__v1_0');
    expect(codec.decode('user__alice__utils__reverse_string__v1_0')).toEqual({
      tool: 'reverse_string',
      namespace: 'user:alice:utils',
      version: '1.0.0',
    });
    const latest = tool('calculate', 'user:bob:math', undefined, { tclMcp: { version: 'latest' } });
    expect(codec.encode(latest)).toBe('user__bob__math__calculate');
    expect(codec.decode('user__bob__math__calculate')).toEqual({
      tool: 'calculate',
      namespace: 'user:bob:math',
    });
    expect(codec.encode(tool('shout', 'user:carol:text', '2.1.0'))).toBe(
      'user__carol__text__shout__v2_1_0',
    );
    expect(codec.encode(tool('tcl_execute', 'bin'))).toBe('bin__tcl_execute');
    expect(codec.decode('bin__tcl_execute')).toEqual({ tool: 'tcl_execute', namespace: 'bin' });
    expect(codec.encode(tool('tool', 'srv'))).toBe('mcp__srv__tool');
    expect(codec.decode('mcp__srv__tool')).toEqual({ tool: 'tool', namespace: 'srv' });
    expect(codec.decode('not-a-scheme-name')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defineNpmTool } from './define-npm-tool.js';

const base = {
  name: 'ms',
  description: 'd',
  package: 'ms',
  version: '2.1.3',
  export: 'default',
  inputSchema: { type: 'object', properties: { value: { type: 'string' } } },
};

describe('defineNpmTool', () => {
  it('defines an npx tool whose source names the exact package version and export', () => {
    expect(defineNpmTool(base)).toMatchObject({
      runtime: 'npx',
      source: { kind: 'npm', package: 'ms', version: '2.1.3', export: 'default' },
    });
    expect(
      defineNpmTool({ ...base, package: '@scope/pkg-name', version: '1.0.0-rc.1' }).source,
    ).toMatchObject({
      package: '@scope/pkg-name',
    });
  });

  it.each([
    [{ package: 'Bad Name' }, 'tool "ms".package'],
    [{ version: '^2.1.3' }, 'tool "ms".version'],
    [{ version: 'latest' }, 'tool "ms".version'],
    [{ export: 'not-an-identifier' }, 'tool "ms".export'],
  ])('refuses %o naming the field', (override, field) => {
    expect(() => defineNpmTool({ ...base, ...override })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', details: { field } }),
    );
  });
});

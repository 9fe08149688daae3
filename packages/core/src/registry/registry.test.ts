import { describe, expect, it, vi } from 'vitest';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { defineTool } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { TpError } from '../errors/tp-error.js';
import { createRegistry, type RegistryChange } from './registry.js';

function tool(name: string, options: { namespace?: string; version?: string } = {}) {
  return defineTool({
    name,
    ...options,
    description: `${name} tool`,
    inputSchema: { type: 'object' },
    execute: () => name,
  });
}

function versionOf(found: { version: string } | undefined) {
  return found?.version;
}

describe('createRegistry', () => {
  it('registers, gets, lists and unregisters tools', () => {
    const registry = createRegistry();
    const search = tool('search');
    const fetch = tool('fetch', { namespace: 'web' });
    registry.register(search, fetch);
    expect(registry.get('search')).toBe(search);
    expect(registry.get('fetch', { namespace: 'web' })).toBe(fetch);
    expect(registry.list()).toEqual([search, fetch]);
    expect(registry.list({ namespace: 'web' })).toEqual([fetch]);
    expect(registry.list({ namespace: 'nowhere' })).toEqual([]);
    expect(registry.namespaces()).toEqual(['default', 'web']);
    expect(registry.unregister('search')).toBe(1);
    expect(registry.get('search')).toBeUndefined();
    expect(registry.namespaces()).toEqual(['web']);
    expect(registry.unregister('search')).toBe(0);
  });

  it('resolves qualified names ns.name', () => {
    const registry = createRegistry();
    const webSearch = tool('search', { namespace: 'web' });
    const docsSearch = tool('search', { namespace: 'docs' });
    const nested = tool('list', { namespace: 'fs:local' });
    registry.register(webSearch, docsSearch, nested);
    expect(registry.get('web.search')).toBe(webSearch);
    expect(registry.get('docs.search')).toBe(docsSearch);
    expect(registry.get('fs:local.list')).toBe(nested);
    expect(registry.get('web.nope')).toBeUndefined();
  });

  it('resolves a bare name in the default namespace first, then uniquely elsewhere', () => {
    const registry = createRegistry();
    const fetch = tool('fetch', { namespace: 'web' });
    registry.register(fetch);
    expect(registry.get('fetch')).toBe(fetch);
    const local = tool('fetch');
    registry.register(local);
    expect(registry.get('fetch')).toBe(local);
    registry.unregister('fetch', { namespace: 'default' });
    expect(registry.get('fetch')).toBe(fetch);
  });

  it('reports an ambiguous bare name with the qualified candidates', () => {
    const registry = createRegistry();
    registry.register(tool('search', { namespace: 'web' }), tool('search', { namespace: 'docs' }));
    const outcome = registry.resolve('search');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(TpError.isInstance(outcome.error)).toBe(true);
    expect(outcome.error.code).toBe('TOOL_NOT_FOUND');
    expect(outcome.error.message).toMatch(/ambiguous/);
    expect(outcome.error.details).toMatchObject({
      tool: 'search',
      ambiguous: true,
      suggestions: expect.arrayContaining(['web.search', 'docs.search']),
    });
    expect(registry.get('search')).toBeUndefined();
  });

  it('puts close names in TOOL_NOT_FOUND details', () => {
    const registry = createRegistry();
    registry.register(
      tool('get_weather'),
      tool('get_forecast'),
      tool('search', { namespace: 'web' }),
    );
    const typo = registry.resolve('get_wether');
    expect(typo.ok).toBe(false);
    if (typo.ok) return;
    expect(typo.error.toInfo()).toMatchObject({
      code: 'TOOL_NOT_FOUND',
      category: 'not_found',
      retryable: false,
      details: { tool: 'get_wether', suggestions: expect.arrayContaining(['get_weather']) },
    });
    expect(typo.error.message).toContain('did you mean "get_weather"');
    // Once, by the name a caller would use, not also as "default.get_weather".
    expect(typo.error.details?.suggestions).toEqual(['get_weather']);
    const qualifiedTypo = registry.resolve('default.get_wether');
    expect(!qualifiedTypo.ok && qualifiedTypo.error.details?.suggestions).toEqual(['get_weather']);
    const qualified = registry.resolve('web.serch');
    expect(!qualified.ok && qualified.error.details?.suggestions).toContain('web.search');
    const far = registry.resolve('zzzzzzzz');
    expect(!far.ok && far.error.details?.suggestions).toEqual([]);
    const inNamespace = registry.resolve('search', { namespace: 'docs', version: '1.x' });
    expect(!inNamespace.ok && inNamespace.error.message).toBe(
      'tool "search" in namespace "docs" matching version "1.x" is not registered; did you mean "search", "web.search"?',
    );
  });

  it('rejects a duplicate name + version and leaves the registry unchanged', () => {
    const registry = createRegistry();
    registry.register(tool('a'));
    expect(() => registry.register(tool('b'), tool('a'))).toThrow(ConfigurationError);
    expect(() => registry.register(tool('a'))).toThrow(/version 1.0.0 is already registered/);
    expect(registry.get('b')).toBeUndefined();
    expect(() => registry.register(tool('c'), tool('c'))).toThrow(ConfigurationError);
    expect(registry.get('c')).toBeUndefined();
    registry.register(tool('a', { version: '1.0.1' }), tool('a', { namespace: 'other' }));
    expect(registry.list({ allVersions: true })).toHaveLength(3);
  });

  it('rejects things that are not definitions and namespaces holding the separator', () => {
    const registry = createRegistry({ separator: '/' });
    expect(() => registry.register({ name: 'x' } as never)).toThrow(/tools\[0\]/);
    expect(() => registry.register(null as never)).toThrow(ConfigurationError);
    expect(() => registry.register(tool('x', { namespace: 'a:b' }))).not.toThrow();
    const slashy = createRegistry({ separator: ':' });
    try {
      slashy.register(tool('x', { namespace: 'a:b' }));
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigurationError).field).toBe('tool "x".namespace');
    }
    const fieldOf = (options: object) => {
      try {
        createRegistry(options);
      } catch (error) {
        return (error as ConfigurationError).field;
      }
      return 'no error';
    };
    expect(fieldOf({ separator: '' })).toBe('registry.separator');
    expect(fieldOf({ separator: 3 })).toBe('registry.separator');
    expect(fieldOf({ defaultNamespace: '' })).toBe('registry.defaultNamespace');
    expect(fieldOf({ defaultNamespace: 'a.b' })).toBe('registry.defaultNamespace');
    expect(fieldOf({ defaultNamespace: 'a.b', separator: '/' })).toBe('no error');
  });

  it('uses a custom separator and default namespace', () => {
    const registry = createRegistry({ separator: '/', defaultNamespace: 'app' });
    const mine = tool('echo', { namespace: 'app' });
    const theirs = tool('echo', { namespace: 'lib' });
    registry.register(mine, theirs);
    expect(registry.defaultNamespace).toBe('app');
    expect(registry.separator).toBe('/');
    expect(registry.get('echo')).toBe(mine);
    expect(registry.get('lib/echo')).toBe(theirs);
    expect(registry.get('lib.echo')).toBeUndefined();
  });

  describe('versions', () => {
    const registry = createRegistry();
    registry.register(
      ...['1.0.0', '1.2.0', '1.2.5', '1.10.0', '2.0.0', '2.1.0-beta.1', '3.0.0-rc.1'].map(
        (version) => tool('calc', { version }),
      ),
    );
    const lookup = (version?: string) =>
      versionOf(registry.get('calc', version === undefined ? {} : { version }));

    it('picks the newest release by default, never a prerelease over a release', () => {
      expect(lookup()).toBe('2.0.0');
      expect(lookup('latest')).toBe('2.0.0');
      expect(registry.list().map((t) => t.version)).toEqual(['2.0.0']);
      expect(registry.list({ allVersions: true }).map((t) => t.version)).toEqual([
        '3.0.0-rc.1',
        '2.1.0-beta.1',
        '2.0.0',
        '1.10.0',
        '1.2.5',
        '1.2.0',
        '1.0.0',
      ]);
    });

    it('pins the highest match of a range', () => {
      expect(lookup('1.x')).toBe('1.10.0');
      expect(lookup('1')).toBe('1.10.0');
      expect(lookup('^1.2.0')).toBe('1.10.0');
      expect(lookup('~1.2.0')).toBe('1.2.5');
      expect(lookup('>=1.2.0 <2')).toBe('1.10.0');
      expect(lookup('>=1.0.0')).toBe('2.0.0');
      expect(lookup('1.2.0')).toBe('1.2.0');
      expect(lookup('2.x')).toBe('2.0.0');
      expect(lookup('4.x')).toBeUndefined();
      expect(lookup('^2.1.0-beta.0')).toBe('2.1.0-beta.1');
      expect(lookup('3.0.0-rc.1')).toBe('3.0.0-rc.1');
      expect(versionOf(registry.get('default.calc', { version: '1.2.x' }))).toBe('1.2.5');
    });

    it('falls back to the newest prerelease when a tool has only prereleases', () => {
      const only = createRegistry();
      only.register(
        tool('x', { version: '0.1.0-alpha.2' }),
        tool('x', { version: '0.1.0-alpha.10' }),
      );
      expect(versionOf(only.get('x'))).toBe('0.1.0-alpha.10');
      expect(only.list().map((t) => t.version)).toEqual(['0.1.0-alpha.10']);
    });

    it('unregisters the versions a range matches', () => {
      const local = createRegistry();
      for (const version of ['1.0.0', '1.1.0', '2.0.0']) local.register(tool('t', { version }));
      expect(local.unregister('t', { version: '1.x' })).toBe(2);
      expect(local.list({ allVersions: true }).map((t) => t.version)).toEqual(['2.0.0']);
      expect(local.unregister('t', { version: '9.x' })).toBe(0);
      expect(local.unregister('t')).toBe(1);
      expect(local.namespaces()).toEqual([]);
    });
  });

  it('keeps registries independent', () => {
    const first = createRegistry();
    const second = createRegistry();
    first.register(tool('only-in-first'));
    expect(second.get('only-in-first')).toBeUndefined();
    expect(() => second.register(tool('only-in-first'))).not.toThrow();
    second.unregister('only-in-first');
    expect(first.get('only-in-first')).toBeDefined();
  });

  it('notifies subscribers until they unsubscribe', () => {
    const registry = createRegistry();
    const changes: RegistryChange[] = [];
    const unsubscribe = registry.subscribe((change) => changes.push(change));
    const a = tool('a');
    const b = tool('b');
    registry.register(a, b);
    registry.unregister('a');
    unsubscribe();
    registry.register(tool('c'));
    expect(changes).toEqual([
      { type: 'registered', tool: a },
      { type: 'registered', tool: b },
      { type: 'unregistered', tool: a },
    ]);
  });

  it('isolates a subscriber that throws: the others are told, the change stands, the error is reported', () => {
    const reported: Array<{ error: unknown; change: RegistryChange }> = [];
    const registry = createRegistry({
      onListenerError: (error, change) => reported.push({ error, change }),
    });
    const later = vi.fn();
    registry.subscribe(() => {
      throw new Error('listener failed');
    });
    registry.subscribe(later);
    const a = tool('a');
    expect(() => registry.register(a, tool('b'))).not.toThrow();
    expect(later).toHaveBeenCalledTimes(2);
    expect(registry.get('a')).toBeDefined();
    expect(registry.get('b')).toBeDefined();
    expect(reported).toHaveLength(2);
    expect(reported[0]).toMatchObject({
      error: { message: 'listener failed' },
      change: { type: 'registered', tool: a },
    });
    expect(registry.unregister('a')).toBe(1);
    expect(reported[2]).toMatchObject({ change: { type: 'unregistered', tool: a } });
  });

  it('reports a throwing subscriber as a process warning when no onListenerError is given', async () => {
    const registry = createRegistry();
    registry.subscribe(() => {
      throw new Error('listener failed');
    });
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    registry.register(tool('a'));
    const warning = await warned;
    expect(warning.name).toBe('TpListenerError');
    expect(warning.message).toContain('listener failed');
  });

  it('keeps registering when the error reporter throws as well', () => {
    const registry = createRegistry({
      onListenerError: () => {
        throw new Error('reporter failed');
      },
    });
    registry.subscribe(() => {
      throw new Error('listener failed');
    });
    expect(() => registry.register(tool('a'))).not.toThrow();
    expect(registry.get('a')).toBeDefined();
  });

  it('invalidates cached lookups on register and unregister', () => {
    const registry = createRegistry();
    const v1 = tool('t', { version: '1.0.0' });
    const v2 = tool('t', { version: '2.0.0' });
    registry.register(v1);
    expect(registry.get('t')).toBe(v1);
    expect(registry.get('t', { version: '*' })).toBe(v1);
    registry.register(v2);
    expect(registry.get('t')).toBe(v2);
    expect(registry.get('t', { version: '*' })).toBe(v2);
    registry.unregister('t', { version: '2.0.0' });
    expect(registry.get('t')).toBe(v1);
    expect(registry.get('t', { version: '*' })).toBe(v1);
    registry.unregister('t');
    expect(registry.get('t')).toBeUndefined();
    expect(registry.get('t', { version: '*' })).toBeUndefined();
  });

  it('keeps answering correctly past its lookup cache bound', () => {
    const registry = createRegistry();
    const t = tool('t', { version: '1.5.0' });
    registry.register(t);
    let wrong = 0;
    for (let patch = 0; patch < 10_050; patch++) {
      if (registry.get('t', { version: `>=1.0.${patch}` }) !== t) wrong++;
    }
    expect(wrong).toBe(0);
    expect(registry.get('t', { version: '>=1.0.0' })).toBe(t);
  });

  it('finds nothing for lookups that are not strings (model output is untrusted)', () => {
    const registry = createRegistry();
    registry.register(tool('t'));
    expect(registry.get(42 as never)).toBeUndefined();
    expect(registry.get('t', { version: 1 as never })).toBeUndefined();
    expect(registry.get('t', { namespace: {} as never })).toBeUndefined();
    expect(registry.get('t', null as never)).toBeUndefined();
    expect(registry.unregister(undefined as never)).toBe(0);
    const outcome = registry.resolve(undefined as never);
    expect(!outcome.ok && outcome.error.code).toBe('TOOL_NOT_FOUND');
  });

  describe('runtime binding', () => {
    function runtime(kind: string): ToolRuntimeV1 {
      return {
        specificationVersion: 'v1',
        kind,
        capabilities: () => ({ cancellation: false, progress: false, isolation: 'none' }),
        load: (definition) => ({ definition, handle: undefined }),
        execute: async () => undefined,
        dispose: async () => {},
      };
    }

    it('binds the runtime given at registration to those tools, and forgets it on removal', () => {
      const registry = createRegistry();
      const first = runtime('in-process');
      const second = runtime('in-process');
      const a = tool('a');
      const b = tool('b');
      const c = tool('c');
      registry.register([a, b], { runtime: first });
      registry.register([c], { runtime: second });
      registry.register(tool('unbound'));
      expect(registry.runtimeOf(a)).toBe(first);
      expect(registry.runtimeOf(b)).toBe(first);
      expect(registry.runtimeOf(c)).toBe(second);
      expect(registry.runtimeOf(registry.get('unbound')!)).toBeUndefined();
      expect(registry.runtimes()).toEqual([first, second]);
      registry.unregister('a');
      registry.unregister('b');
      expect(registry.runtimeOf(a)).toBeUndefined();
      expect(registry.runtimes()).toEqual([second]);
    });

    it('refuses a runtime of another kind than the tools, naming the field, registering nothing', () => {
      const registry = createRegistry();
      const register = () => registry.register([tool('a')], { runtime: runtime('tcl') });
      expect(register).toThrow(ConfigurationError);
      expect(register).toThrow(
        /register\(options\.runtime\).*kind "tcl".*tool "a" runs on "in-process"/,
      );
      expect(registry.list()).toEqual([]);
    });

    it('refuses something that is not a v1 runtime', () => {
      const registry = createRegistry();
      expect(() => registry.register([tool('a')], { runtime: { kind: 'x' } as never })).toThrow(
        /"registry.register\(options.runtime\)": must implement the v1 runtime contract/,
      );
      expect(() => registry.register([tool('a')], null as never)).toThrow(
        /"registry.register\(options\)"/,
      );
    });

    it('accepts an array without options, like the variadic form', () => {
      const registry = createRegistry();
      const a = tool('a');
      registry.register([a], {});
      expect(registry.get('a')).toBe(a);
      expect(registry.runtimeOf(a)).toBeUndefined();
    });
  });
});

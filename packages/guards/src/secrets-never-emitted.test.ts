import { inspect } from 'node:util';
import {
  createProcessor,
  createRegistry,
  defineTool,
  type GuardV1,
  type ToolResult,
  type TpEvent,
} from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { github, leaking } from './__fixtures__/secrets-corpus.js';
import { networkPolicyGuard } from './network-policy/network-policy-guard.js';
import { outputSizeGuard } from './output-size-guard.js';
import { sensitiveDataGuard } from './sensitive-data/sensitive-data-guard.js';

/** Every way an event or result may be shown: JSON (as loggers and exporters do) and inspect. */
const shown = (value: unknown) =>
  `${JSON.stringify(value) ?? ''}\n${inspect(value, { depth: null, showHidden: true })}`;

const permissive = z.object({}).passthrough();

function setup(guards: GuardV1[]) {
  const registry = createRegistry();
  let flakyRuns = 0;
  registry.register(
    defineTool({
      name: 'echo',
      description: 'returns what it is given, and what the corpus case builds',
      inputSchema: permissive,
      execute: (args) => ({ args, built: leaking[Number(args.case)]!.value() }),
    }),
    defineTool({
      name: 'flaky',
      description: 'fails once quoting a secret, then answers with it',
      inputSchema: permissive,
      execute: () => {
        if (flakyRuns++ === 0) throw new Error(`upstream refused token ${github}`);
        return { token: github };
      },
    }),
    defineTool({
      name: 'reject',
      description: 'always fails quoting a secret (retryable)',
      inputSchema: permissive,
      execute: () => {
        throw Object.assign(new Error(`auth failed: ${github}`), { details: { github } });
      },
    }),
  );
  const processor = createProcessor({
    registry,
    guards,
    retry: { maxAttempts: 3, baseDelayMs: 1, jitter: 'none' },
  });
  const events: TpEvent[] = [];
  processor.events.onAny((event) => events.push(event));
  return { processor, events };
}

describe('nothing a guard redacts or blocks appears in any event, result or error', () => {
  it.each([
    ['block', () => [sensitiveDataGuard({ mode: 'block' })]],
    ['redact', () => [sensitiveDataGuard({ mode: 'redact' })]],
    ['hash', () => [sensitiveDataGuard({ mode: 'hash' })]],
    [
      'redact, after other guards',
      () => [
        networkPolicyGuard(),
        outputSizeGuard({ maxBytes: 100_000, mode: 'truncate' }),
        sensitiveDataGuard({ mode: 'redact' }),
      ],
    ],
  ] as const)('%s', async (_, guards) => {
    const { processor, events } = setup(guards());
    const calls = [
      ...leaking.map((entry, index) => ({
        id: `echo-${index}`,
        tool: 'echo',
        arguments: { case: String(index), note: `about ${entry.note}` },
      })),
      { id: 'args', tool: 'echo', arguments: { case: '0', token: github, [github]: 'key' } },
      { id: 'url-key', tool: 'echo', arguments: { case: '0', [github]: 'http://127.0.0.1/' } },
      { id: 'flaky', tool: 'flaky', arguments: {} },
      { id: 'reject', tool: 'reject', arguments: {} },
    ];
    const results: ToolResult[] = await processor.process(calls);
    expect(results).toHaveLength(calls.length);
    const types = new Set(events.map((event) => event.type));
    for (const type of ['call:start', 'call:end', 'guard:verdict', 'retry:scheduled']) {
      expect(types).toContain(type);
    }
    for (const [index, entry] of leaking.entries()) {
      expect(shown(results[index]), entry.note).not.toContain(entry.secret);
    }
    for (const result of results) expect(shown(result), result.callId).not.toContain(github);
    for (const event of events) {
      const text = shown(event);
      for (const entry of leaking)
        expect(text, `${event.type} ${entry.note}`).not.toContain(entry.secret);
    }
  });
});

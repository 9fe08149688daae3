import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from './file-snapshot-store.js';
import { breakingReasons, diffSnapshots } from './schema-drift.js';

const schema = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});

describe('schema drift', () => {
  it('treats added optional fields as compatible and type changes or new requirements as breaking', () => {
    const before = schema({ a: { type: 'string' } }, ['a']);
    expect(
      breakingReasons(before, schema({ a: { type: 'string' }, b: { type: 'number' } }, ['a'])),
    ).toEqual([]);
    expect(breakingReasons(before, schema({ a: { type: 'number' } }, ['a']))).toEqual([
      '"a" changed type from "string" to "number"',
    ]);
    expect(breakingReasons(before, schema({ a: { type: 'string' }, b: {} }, ['a', 'b']))).toEqual([
      '"b" is newly required',
    ]);
  });

  it('diffs snapshots into added, removed and changed tools', () => {
    const report = diffSnapshots(
      's',
      {
        keep: { schemaHash: '1', inputSchema: schema({}) },
        gone: { schemaHash: '2', inputSchema: schema({}) },
      },
      {
        keep: { schemaHash: '3', inputSchema: schema({ x: {} }) },
        fresh: { schemaHash: '4', inputSchema: schema({}) },
      },
    );
    expect(report).toEqual({
      server: 's',
      added: ['fresh'],
      removed: ['gone'],
      changed: [{ tool: 'keep', breaking: false, reasons: [] }],
      breaking: true,
    });
  });

  it('persists snapshots in files', async () => {
    const store = createFileSnapshotStore(
      join(await mkdtemp(join(tmpdir(), 'tp-drift-')), 'nested'),
    );
    expect(await store.load('srv')).toBeUndefined();
    const snapshot = { tool: { schemaHash: 'h', inputSchema: schema({}) } };
    await store.save('srv', snapshot);
    expect(await store.load('srv')).toEqual(snapshot);
  });
});

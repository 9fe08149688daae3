import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, type JsonSchema } from '@tp/core';
import { DENY_ALL } from '../host/host-grants.js';
import { WasmWorkerThread } from '../worker/wasm-worker-thread.js';

/** What a tp world component's `describe()` says about itself. */
export interface ComponentDescription {
  readonly description?: string;
  readonly inputSchema?: JsonSchema;
  readonly outputSchema?: JsonSchema;
}

const DESCRIBE_TIME_MS = 5_000;
const DESCRIBE_PAGES = 1024; // 64 MiB
const DESCRIBE_OUTPUT_BYTES = 256 * 1024;

/**
 * What the component's `describe()` says, kept next to its transpiled code (`describe.json`): with
 * nothing granted the answer depends on the component's bytes only, so it is asked once per
 * content hash and later definitions start no thread.
 */
export async function describeComponent(dir: string, field: string): Promise<ComponentDescription> {
  const stored = join(dir, 'describe.json');
  const known = await readFile(stored, 'utf8').then(
    (text) => JSON.parse(text) as unknown,
    () => undefined,
  );
  if (known !== undefined) return checkDescription(known, field);
  const described = await askComponent(dir, field);
  // Written aside and renamed: a definition in another process never reads half of it.
  const staging = `${stored}.${randomUUID()}`;
  await writeFile(staging, JSON.stringify(described));
  await rename(staging, stored);
  return described;
}

/**
 * Calls the component's `describe()` in a worker thread of its own with nothing granted: a
 * component that loops or traps there is refused, the host is never blocked.
 */
async function askComponent(dir: string, field: string): Promise<ComponentDescription> {
  const thread = new WasmWorkerThread(() => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      thread.run({
        target: { dir, maxPages: DESCRIBE_PAGES, abi: { kind: 'describe' } },
        grants: DENY_ALL,
        outputBytes: DESCRIBE_OUTPUT_BYTES,
        args: undefined,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`describe() did not answer within ${DESCRIBE_TIME_MS} ms`)),
          DESCRIBE_TIME_MS,
        );
      }),
    ]);
    if (!outcome.ok) throw new Error(`describe() failed: ${outcome.message}`);
    return checkDescription(outcome.value, field);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(field, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
    await thread.terminate();
  }
}

function checkDescription(value: unknown, field: string): ComponentDescription {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(field, 'describe() must return a JSON object');
  }
  const { description, inputSchema, outputSchema } = value as Record<string, unknown>;
  if (description !== undefined && typeof description !== 'string') {
    throw new ConfigurationError(field, 'describe().description must be a string');
  }
  for (const [name, schema] of [
    ['inputSchema', inputSchema],
    ['outputSchema', outputSchema],
  ] as const) {
    if (schema !== undefined && (typeof schema !== 'object' || schema === null)) {
      throw new ConfigurationError(field, `describe().${name} must be a JSON Schema object`);
    }
  }
  return {
    ...(description !== undefined ? { description: description as string } : {}),
    ...(inputSchema !== undefined ? { inputSchema: inputSchema as JsonSchema } : {}),
    ...(outputSchema !== undefined ? { outputSchema: outputSchema as JsonSchema } : {}),
  };
}

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@tp/core';
import type { PreparedTool } from '../prepared-tool.js';
import { hostToolModule } from '../tool-call.js';
import { NodeChild } from './node-child.js';
import { childArgv, detectSandbox } from './sandbox-support.js';

/** A tool export as the child describes it (see describeModule in child/tool-module.mjs). */
export interface DescribedTool {
  readonly export: string;
  readonly name: string;
  readonly inputSchema: unknown;
  readonly [key: string]: unknown;
}

const childDir = fileURLToPath(new URL('../../child/', import.meta.url));
const describeLimits = { timeMs: 30_000, memoryMb: 256, outputBytes: 16 * 1024 * 1024 };

/**
 * Imports a module to list its tool definitions: in a one-off sandboxed child (fs read of the
 * module's directories only, no network, empty env, 30 s, 256 MiB), or in this process when asked.
 */
export async function describeInChild(
  located: Pick<PreparedTool, 'module' | 'codeDirs'>,
  options: { readonly inProcess?: boolean; readonly allowHostNetwork?: boolean },
): Promise<DescribedTool[]> {
  const request = {
    op: 'describe' as const,
    module: located.module,
    outputBytes: describeLimits.outputBytes,
  };
  const where = located.module.url ?? '';
  if (options.inProcess) {
    const reply = await (await hostToolModule()).callTool(request, {
      signal: new AbortController().signal,
    });
    if (reply.ok) return JSON.parse(reply.json) as DescribedTool[];
    throw describeFailed(where, 'error' in reply ? reply.error.message : 'output too large');
  }
  const support = detectSandbox();
  if (!support.namespace && !options.allowHostNetwork) {
    throw new ConfigurationError(
      'allowHostNetwork',
      'loadJsTools imports tool files in a child without network, and this machine has no network namespace; pass { allowHostNetwork: true } to accept the host network',
    );
  }
  const command = childArgv(
    support,
    {
      reads: located.codeDirs,
      writes: [],
      memoryMb: describeLimits.memoryMb,
      hostNetwork: !support.namespace,
      spawn: false,
    },
    join(childDir, 'npx-child.mjs'),
    childDir,
  );
  const child = new NodeChild('describe', command, {}, () => {});
  const timer = setTimeout(() => void child.kill(), describeLimits.timeMs);
  try {
    await child.ready;
    const reply = await child.run(request, describeLimits.outputBytes);
    if (reply.ok) return reply.value as DescribedTool[];
    throw describeFailed(where, 'error' in reply ? reply.error.message : 'output too large');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw describeFailed(where, error instanceof Error ? error.message : String(error), error);
  } finally {
    clearTimeout(timer);
    await child.kill();
  }
}

function describeFailed(where: string, problem: string, cause?: unknown): ConfigurationError {
  return new ConfigurationError(`loadJsTools(${where.replace(/\?v=\w+$/, '')})`, problem, cause);
}

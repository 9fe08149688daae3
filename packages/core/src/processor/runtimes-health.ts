import type { RuntimeHealth, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';

export interface RuntimeHealthEntry extends RuntimeHealth {
  readonly kind: string;
}

export interface ProcessorHealth {
  /** `ready` when every runtime is, `down` when every one is, else `degraded`. */
  readonly status: RuntimeHealth['status'];
  readonly runtimes: readonly RuntimeHealthEntry[];
}

/** Asks every runtime (in parallel); one without health() is ready, one whose health() fails is down. */
export async function runtimesHealth(runtimes: readonly ToolRuntimeV1[]): Promise<ProcessorHealth> {
  const entries = await Promise.all(runtimes.map(healthOf));
  const down = entries.filter((entry) => entry.status === 'down').length;
  const status =
    entries.length > 0 && down === entries.length
      ? 'down'
      : entries.every((entry) => entry.status === 'ready')
        ? 'ready'
        : 'degraded';
  return { status, runtimes: entries };
}

async function healthOf(runtime: ToolRuntimeV1): Promise<RuntimeHealthEntry> {
  try {
    const health = runtime.health ? await runtime.health() : { status: 'ready' as const };
    return { kind: runtime.kind, ...health };
  } catch (error) {
    return {
      kind: runtime.kind,
      status: 'down',
      details: { error: error instanceof Error ? error.message : String(error) },
    };
  }
}

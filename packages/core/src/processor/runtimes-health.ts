import type { RuntimeHealth, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';

export interface RuntimeHealthEntry extends RuntimeHealth {
  readonly kind: string;
}

export interface ProcessorHealth {
  /** `ready` when every runtime is, `down` when every one is, else `degraded`. */
  readonly status: RuntimeHealth['status'];
  readonly runtimes: readonly RuntimeHealthEntry[];
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 5000;

/**
 * Asks every runtime (in parallel); one without health() is ready, one whose health() fails or
 * does not answer within `timeoutMs` is down (a health endpoint must not hang on one runtime).
 */
export async function runtimesHealth(
  runtimes: readonly ToolRuntimeV1[],
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<ProcessorHealth> {
  const entries = await Promise.all(runtimes.map((runtime) => healthOf(runtime, timeoutMs)));
  const down = entries.filter((entry) => entry.status === 'down').length;
  const status =
    entries.length > 0 && down === entries.length
      ? 'down'
      : entries.every((entry) => entry.status === 'ready')
        ? 'ready'
        : 'degraded';
  return { status, runtimes: entries };
}

async function healthOf(runtime: ToolRuntimeV1, timeoutMs: number): Promise<RuntimeHealthEntry> {
  if (!runtime.health) return { kind: runtime.kind, status: 'ready' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const health = await Promise.race([
      runtime.health(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`health() did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { kind: runtime.kind, ...health };
  } catch (error) {
    return {
      kind: runtime.kind,
      status: 'down',
      details: { error: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
}

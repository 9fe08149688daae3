import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { toErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';

/** Disposes runtimes in parallel (a failure does not stop the others), one `runtime:unload` each. */
export async function disposeRuntimes(
  runtimes: readonly ToolRuntimeV1[],
  events: EventBus,
): Promise<void> {
  await Promise.allSettled(
    runtimes.map(async (runtime) => {
      const start = performance.now();
      let failure: unknown;
      let failed = false;
      try {
        await runtime.dispose();
      } catch (error) {
        failed = true;
        failure = error;
      }
      if (events.wants('runtime:unload')) {
        events.emit('runtime:unload', {
          runtime: runtime.kind,
          durationMs: performance.now() - start,
          ok: !failed,
          ...(failed ? { error: toErrorInfo(failure) } : {}),
        });
      }
    }),
  );
}

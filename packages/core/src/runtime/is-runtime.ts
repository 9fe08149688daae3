import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';

/** Whether a value implements the v1 runtime contract (checked where runtimes are configured). */
export function isRuntime(value: unknown): value is ToolRuntimeV1 {
  const runtime = value as ToolRuntimeV1 | undefined;
  return (
    runtime?.specificationVersion === 'v1' &&
    typeof runtime.kind === 'string' &&
    typeof runtime.load === 'function' &&
    typeof runtime.execute === 'function'
  );
}

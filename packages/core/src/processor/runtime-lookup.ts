import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolRegistry } from '../registry/registry.js';
import { createInProcessRuntime } from '../runtime/in-process-runtime.js';

/** Which runtime runs a tool, and which runtimes the processor owns. */
export interface RuntimeLookup {
  /**
   * `runtimes` given to the processor (by kind) win; then the runtime the tool was bound to at
   * registration; then the processor's own in-process runtime.
   */
  runtimeFor(tool: ToolDefinition): ToolRuntimeV1 | undefined;
  /** Kinds a tool could run on, for error details. */
  kinds(): string[];
  /** Every runtime in use: given, bound in the registry, own. */
  all(): ToolRuntimeV1[];
  /** What `close()` disposes: the given runtimes and the processor's own in-process runtime. */
  readonly owned: readonly ToolRuntimeV1[];
}

export function createRuntimeLookup(
  given: readonly ToolRuntimeV1[],
  registry: ToolRegistry,
): RuntimeLookup {
  const byKind = new Map<string, ToolRuntimeV1>();
  for (const runtime of given) byKind.set(runtime.kind, runtime);
  const own = byKind.has('in-process') ? undefined : createInProcessRuntime();
  const owned = own ? [...byKind.values(), own] : [...byKind.values()];
  // A registry implemented by hand before 1.1 may lack the binding methods: it binds nothing.
  const bound = () => registry.runtimes?.() ?? [];
  const all = () => [...new Set([...byKind.values(), ...bound(), ...(own ? [own] : [])])];
  return {
    runtimeFor: (tool) =>
      byKind.get(tool.runtime) ??
      registry.runtimeOf?.(tool) ??
      (own && tool.runtime === own.kind ? own : undefined),
    kinds: () => [...new Set(all().map((runtime) => runtime.kind))],
    all,
    owned,
  };
}

import type { Processor, ToolExecutionContext } from '@tp/core';
import type { CallToolHandler } from '../worker/wasm-worker-thread.js';

const depthKey = 'wasm.callDepth';

/**
 * The host side of a guest's `call-tool` during one call: the named tool runs through the
 * processor — validation, guards and every middleware — with the caller's context and signal.
 * The ok value is the result's value as JSON; the err is `<CODE>: <message>`. Nesting is bounded
 * by `maxDepth`, and a nested WebAssembly tool needs a free worker thread of its own.
 */
export function toolCallHandler(
  getProcessor: (() => Processor | undefined) | undefined,
  ctx: ToolExecutionContext,
  maxDepth: number,
): CallToolHandler {
  return async (name, input) => {
    const processor = getProcessor?.();
    if (!processor) {
      return {
        tag: 'err',
        val: 'call-tool: no processor is attached (createWasmRuntime({ processor }))',
      };
    }
    const depth = Number(ctx.context.metadata[depthKey] ?? 0) + 1;
    if (depth > maxDepth)
      return { tag: 'err', val: `call-tool: nested deeper than ${maxDepth} calls` };
    let args: unknown;
    try {
      args = JSON.parse(input);
    } catch {
      return { tag: 'err', val: 'call-tool: the input is not JSON' };
    }
    const [result] = await processor.execute(
      [{ id: `${ctx.callId}/call-tool`, tool: name, arguments: args as Record<string, unknown> }],
      {
        signal: ctx.signal,
        context: { ...ctx.context, metadata: { ...ctx.context.metadata, [depthKey]: depth } },
      },
    );
    if (result?.ok) return { tag: 'ok', val: JSON.stringify(result.value ?? null) };
    return {
      tag: 'err',
      val: `${result?.error?.code ?? 'TOOL_EXECUTION_FAILED'}: ${result?.error?.message ?? 'no result'}`,
    };
  };
}

import type { JsonSchema, Processor } from '@tp/core';
import type { TclHostCommand } from '../create-tcl-runtime.js';

const depthKey = 'tcl.callDepth';

/**
 * The `tp::call` host command: `tp::call <tool> ?name value ...?` runs another registered tool
 * through the processor — validation, guards and every middleware included — and returns its
 * value (objects as dicts, arrays as lists). Argument words are converted by the target's schema
 * (integer/number/boolean properties); a failure becomes a Tcl error `<CODE>: <message>`.
 * The processor is created after the runtime, hence the getter. A Tcl tool called this way needs
 * a free worker: nesting is bounded by `maxDepth` (default 4) and the caller's time limit.
 */
export function createToolCallCommand(
  getProcessor: () => Processor | undefined,
  options: { readonly maxDepth?: number } = {},
): TclHostCommand {
  const maxDepth = options.maxDepth ?? 4;
  return async (words, ctx) => {
    const [tool, ...pairs] = words;
    if (tool === undefined || pairs.length % 2 !== 0) {
      throw new Error('wrong # args: should be "tp::call tool ?name value ...?"');
    }
    const processor = getProcessor();
    if (!processor) throw new Error('tp::call: no processor is attached');
    const depth = Number(ctx.context.metadata[depthKey] ?? 0) + 1;
    if (depth > maxDepth) throw new Error(`tp::call: nested deeper than ${maxDepth} calls`);
    const schema = processor.registry.get(tool)?.inputSchema;
    const args: Record<string, unknown> = {};
    for (let index = 0; index < pairs.length; index += 2) {
      const name = pairs[index]!;
      args[name] = fromWord(pairs[index + 1]!, propertyType(schema, name));
    }
    const [result] = await processor.execute(
      [{ id: `${ctx.callId}/tp::call`, tool, arguments: args }],
      {
        signal: ctx.signal,
        context: { ...ctx.context, metadata: { ...ctx.context.metadata, [depthKey]: depth } },
      },
    );
    if (!result?.ok) {
      throw new Error(
        `${result?.error?.code ?? 'TOOL_EXECUTION_FAILED'}: ${result?.error?.message ?? 'no result'}`,
      );
    }
    return result.value;
  };
}

function propertyType(schema: JsonSchema | undefined, name: string): unknown {
  const properties = schema?.properties as Record<string, { type?: unknown }> | undefined;
  return properties?.[name]?.type;
}

function fromWord(word: string, type: unknown): unknown {
  if (
    (type === 'integer' || type === 'number') &&
    word.trim() !== '' &&
    Number.isFinite(Number(word))
  ) {
    return Number(word);
  }
  if (type === 'boolean' && /^(true|false|1|0|yes|no)$/i.test(word))
    return /^(true|1|yes)$/i.test(word);
  return word;
}

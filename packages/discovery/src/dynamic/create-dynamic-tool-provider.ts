import {
  ConfigurationError,
  defineTool,
  type Processor,
  type ToolDefinition,
  type ToolRegistry,
  TpError,
} from '@tp/core';
import {
  createToolIndex,
  type ToolIndex,
  type ToolIndexOptions,
  type ToolSearchResult,
} from '../search/create-tool-index.js';
import {
  CALL_TOOL_SCHEMA,
  GET_TOOL_SCHEMA_SCHEMA,
  SEARCH_TOOLS_SCHEMA,
} from './meta-tool-schemas.js';

export const META_TOOL_NAMES = ['search_tools', 'get_tool_schema', 'call_tool'] as const;

export interface DynamicToolProviderOptions {
  /** Where the meta-tools (and pinned tools) are registered: the registry a client is shown. */
  readonly registry: ToolRegistry;
  /** Runs `call_tool` (validation, guards, resilience, events); its registry is what is searched. */
  readonly processor: Processor;
  /** Tools of the processor's registry also registered in `registry`, bound to their runtime. */
  readonly pinned?: readonly string[];
  /** Namespace of the meta-tools (default: the registry's default namespace). */
  readonly namespace?: string;
  /** Options of the search index built over the processor's registry. */
  readonly index?: ToolIndexOptions;
}

export interface DynamicToolProvider {
  /** The meta-tools: search_tools, get_tool_schema, call_tool. */
  readonly tools: readonly ToolDefinition[];
  readonly index: ToolIndex;
  /** Unregisters the meta-tools and pinned tools and stops the index. */
  close(): void;
}

/**
 * Lets a model with a small context reach every tool of a processor through three meta-tools:
 * `search_tools` (ranked names with why they matched), `get_tool_schema` (the arguments to pass)
 * and `call_tool` (runs the tool through `processor`, as a direct call would).
 */
export function createDynamicToolProvider(
  options: DynamicToolProviderOptions,
): DynamicToolProvider {
  const { registry, processor } = checkOptions(options);
  const target = processor.registry;
  const namespace = options.namespace ?? registry.defaultNamespace;
  const isMeta = (tool: ToolDefinition) =>
    tool.namespace === namespace && (META_TOOL_NAMES as readonly string[]).includes(tool.name);
  const index = createToolIndex(target, { ...options.index, include: (tool) => !isMeta(tool) });
  const resolve = (name: string, version: string | undefined) => {
    const outcome = target.resolve(name, version === undefined ? {} : { version });
    if (!outcome.ok) throw outcome.error;
    if (isMeta(outcome.tool)) {
      throw new TpError({
        code: 'TOOL_VALIDATION_ERROR',
        message: `"${name}" is a meta-tool: search_tools, get_tool_schema and call_tool are called directly`,
        details: { tool: name },
      });
    }
    return outcome.tool;
  };
  const nameOf = (tool: ToolDefinition) => `${tool.namespace}${target.separator}${tool.name}`;

  const tools = [
    defineTool({
      name: 'search_tools',
      namespace,
      description:
        'Find tools for a task among every tool of this server. Returns names ranked by relevance ' +
        'with why they matched; then call get_tool_schema for the arguments and call_tool to run one.',
      inputSchema: SEARCH_TOOLS_SCHEMA,
      sideEffect: 'read_only',
      idempotent: true,
      execute: (args: Record<string, any>) => ({
        tools: index
          .search(args.query, {
            limit: args.limit ?? 10,
            ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
            ...(args.runtime !== undefined ? { runtime: args.runtime } : {}),
            ...(args.tags !== undefined ? { tags: args.tags } : {}),
          })
          .map(listed),
      }),
    }),
    defineTool({
      name: 'get_tool_schema',
      namespace,
      description:
        'The input schema (arguments), description and hints of one tool found with search_tools.',
      inputSchema: GET_TOOL_SCHEMA_SCHEMA,
      sideEffect: 'read_only',
      idempotent: true,
      execute: (args: Record<string, any>) => describe(resolve(args.name, args.version), nameOf),
    }),
    defineTool({
      name: 'call_tool',
      namespace,
      description:
        'Runs one tool found with search_tools with the given arguments and returns its result.',
      inputSchema: CALL_TOOL_SCHEMA,
      execute: async (args: Record<string, any>, ctx) => {
        const tool = resolve(args.name, args.version);
        const [result] = await processor.execute(
          [
            {
              id: `${ctx.callId}/call_tool`,
              tool: tool.name,
              namespace: tool.namespace,
              version: tool.version,
              arguments: args.arguments ?? {},
            },
          ],
          { signal: ctx.signal, context: ctx.context },
        );
        index.recordUse(nameOf(tool), { ok: result?.ok === true });
        if (!result) throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'no result' });
        if (result.ok) return result.value;
        // The processor already applied retries and breakers: do not retry the meta-call too.
        throw new TpError({ ...result.error, retryable: false });
      },
    }),
  ];
  registry.register(...tools);
  const pinned = pinnedTools(options.pinned ?? [], registry, target);
  for (const tool of pinned) {
    const runtime = target.runtimeOf(tool);
    registry.register([tool], runtime ? { runtime } : {});
  }

  return {
    tools,
    index,
    close() {
      index.close();
      for (const tool of [...tools, ...pinned]) {
        registry.unregister(tool.name, { namespace: tool.namespace, version: tool.version });
      }
    },
  };
}

function listed(hit: ToolSearchResult) {
  return {
    name: hit.name,
    description: hit.tool.description,
    score: Math.round(hit.score * 1000) / 1000,
    why: hit.why
      .map((reason) =>
        reason.kind === 'exact'
          ? `"${reason.matchedTerm}" in ${reason.fields.join(', ')}`
          : `"${reason.queryTerm}"~"${reason.matchedTerm}" (${reason.kind}) in ${reason.fields.join(', ')}`,
      )
      .join('; '),
  };
}

function describe(tool: ToolDefinition, nameOf: (tool: ToolDefinition) => string) {
  return {
    name: nameOf(tool),
    version: tool.version,
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.sideEffect ? { sideEffect: tool.sideEffect } : {}),
    ...(tool.idempotent !== undefined ? { idempotent: tool.idempotent } : {}),
    ...(tool.deprecated ? { deprecated: tool.deprecated } : {}),
    runtime: tool.runtime,
    tags: tool.tags,
  };
}

function pinnedTools(
  names: readonly string[],
  registry: ToolRegistry,
  target: ToolRegistry,
): ToolDefinition[] {
  if (!Array.isArray(names)) {
    throw new ConfigurationError(
      'createDynamicToolProvider(options.pinned)',
      'must be an array of tool names',
    );
  }
  if (registry === target) return [];
  return names.map((name, index) => {
    const outcome = typeof name === 'string' ? target.resolve(name) : undefined;
    if (!outcome?.ok) {
      throw new ConfigurationError(
        `createDynamicToolProvider(options.pinned[${index}])`,
        outcome ? outcome.error.message : 'must be a tool name',
      );
    }
    return outcome.tool;
  });
}

function checkOptions(options: DynamicToolProviderOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createDynamicToolProvider(options)', 'must be an object');
  }
  if (typeof options.registry?.register !== 'function') {
    throw new ConfigurationError(
      'createDynamicToolProvider(options.registry)',
      'must be a registry (createRegistry())',
    );
  }
  if (typeof options.processor?.execute !== 'function' || !options.processor.registry) {
    throw new ConfigurationError(
      'createDynamicToolProvider(options.processor)',
      'must be a processor (createProcessor())',
    );
  }
  return { registry: options.registry, processor: options.processor };
}

import {
  defineTool,
  type ToolDefinition,
  type ToolRegistry,
  type ToolRuntimeV1,
  TpError,
} from '@tp/core';
import { defineTclTool } from '../define-tcl-tool.js';
import {
  checkSegment,
  formatTclMcpPath,
  parseTclMcpPath,
  type TclMcpMetadata,
} from '../loading/tcl-mcp-path.js';
import { definitionOfStored } from '../loading/tool-store-format.js';
import { parametersToSchema, type TclParameter } from '../tcl-parameters.js';
import { TclToolStore } from './tcl-tool-store.js';

export interface TclManagementOptions {
  /** The TCL MCP server data folder (`tools.storage`) user tools are persisted in. */
  readonly dataDir: string;
  /** Where added tools are registered and removed tools unregistered at run time. */
  readonly registry?: ToolRegistry;
  /** The `tcl` runtime added tools are bound to (so a processor over `registry` runs them). */
  readonly runtime?: ToolRuntimeV1;
}

const parameterSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    required: { type: 'boolean' },
    type_name: { type: 'string' },
  },
  required: ['name'],
} as const;

/**
 * The TCL MCP server's management tools: `bin.tcl_execute` (an ad-hoc script, run by the `tcl`
 * runtime with every limit), `sbin.tcl_tool_add`, `sbin.tcl_tool_remove` and `bin.tcl_tool_list`.
 * They let a caller run and install code: register them only when the server runs privileged.
 */
export function createTclManagementTools(options: TclManagementOptions): ToolDefinition[] {
  const store = new TclToolStore(options.dataDir);
  const registry = options.registry;

  const execute = defineTclTool({
    name: 'tcl_execute',
    namespace: 'bin',
    description: 'Execute a Tcl script in a fresh safe interpreter and return its result',
    parameters: [
      { name: 'script', type_name: 'string', required: true, description: 'Tcl script to execute' },
    ],
    script: 'eval $script',
    metadata: { tclMcp: { path: '/bin/tcl_execute', system: true, version: 'latest' } },
  });

  const add = defineTool({
    name: 'tcl_tool_add',
    namespace: 'sbin',
    description: 'Add a user Tcl tool (persisted in the tool store)',
    sideEffect: 'write',
    metadata: { tclMcp: { path: '/sbin/tcl_tool_add', system: true, version: 'latest' } },
    inputSchema: {
      type: 'object',
      properties: {
        user: { type: 'string', description: 'User namespace' },
        package: { type: 'string', description: 'Package name' },
        name: { type: 'string', description: 'Name of the new tool' },
        version: { type: 'string', description: 'Version (default "latest")' },
        description: { type: 'string', description: 'What the tool does' },
        script: { type: 'string', description: 'Tcl script implementing the tool' },
        parameters: { type: 'array', items: parameterSchema, description: 'Parameters it accepts' },
      },
      required: ['user', 'package', 'name', 'description', 'script'],
    },
    execute: async (args) => {
      const path = {
        kind: 'user' as const,
        user: asSegment(args.user, 'user'),
        package: asSegment(args.package, 'package'),
        name: asSegment(args.name, 'name'),
        version: asVersion(args.version ?? 'latest'),
      };
      const text = formatTclMcpPath(path);
      const stored = {
        description: String(args.description),
        script: String(args.script),
        parameters: (args.parameters ?? []) as TclParameter[],
      };
      // A bad parameter list fails before anything is written.
      guard(() => parametersToSchema(stored.parameters, 'parameters'));
      const written = await store.add(path, stored);
      const definition = definitionOfStored(written, store.fileOf(path));
      if (options.runtime) registry?.register([definition], { runtime: options.runtime });
      else registry?.register(definition);
      return `Tool '${text}' added successfully and persisted`;
    },
  });

  const remove = defineTool({
    name: 'tcl_tool_remove',
    namespace: 'sbin',
    description: 'Remove a user Tcl tool by path, e.g. /alice/utils/reverse_string:1.0',
    sideEffect: 'destructive',
    metadata: { tclMcp: { path: '/sbin/tcl_tool_remove', system: true, version: 'latest' } },
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Full tool path' } },
      required: ['path'],
    },
    execute: async (args) => {
      const path = parseTclMcpPath(String(args.path));
      if (!path) throw failure(`Invalid tool path format: ${String(args.path)}`);
      await store.remove(path);
      if (registry && path.kind === 'user') {
        for (const tool of registry.list({
          namespace: `user:${path.user}:${path.package}`,
          allVersions: true,
        })) {
          if (tool.name === path.name && pathOf(tool) === formatTclMcpPath(path)) {
            registry.unregister(tool.name, { namespace: tool.namespace, version: tool.version });
          }
        }
      }
      return `Tool '${formatTclMcpPath(path)}' removed successfully`;
    },
  });

  const list = defineTool({
    name: 'tcl_tool_list',
    namespace: 'bin',
    description:
      'List Tcl tools by path, optionally of one namespace (bin, sbin, docs, <user>) or matching a filter',
    sideEffect: 'read_only',
    metadata: { tclMcp: { path: '/bin/tcl_tool_list', system: true, version: 'latest' } },
    inputSchema: {
      type: 'object',
      properties: {
        namespace: { type: 'string', description: 'bin, sbin, docs or a user name' },
        filter: { type: 'string', description: 'Substring the path must contain' },
      },
    },
    execute: async (args) => {
      const paths = new Set<string>();
      for (const tool of [...management, ...(registry?.list({ allVersions: true }) ?? [])]) {
        const path = pathOf(tool);
        if (path) paths.add(path);
      }
      const namespace = args.namespace === undefined ? undefined : String(args.namespace);
      const filter = args.filter === undefined ? undefined : String(args.filter);
      return [...paths]
        .filter((path) => namespace === undefined || path.split('/')[1] === namespace)
        .filter((path) => filter === undefined || path.includes(filter))
        .sort();
    },
  });

  const management: ToolDefinition[] = [execute, add, remove, list];
  return management;
}

function pathOf(tool: ToolDefinition): string | undefined {
  return (tool.metadata?.tclMcp as TclMcpMetadata | undefined)?.path;
}

function asSegment(value: unknown, field: string): string {
  return guard(() => checkSegment(value, field));
}

/** Configuration errors of the arguments become the tool's own failure. */
function guard<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw failure(error instanceof Error ? error.message : String(error));
  }
}

function asVersion(value: unknown): string {
  const text = String(value);
  if (text !== 'latest' && !/^\d+(?:\.\d+){0,2}$/.test(text)) {
    throw failure(`Invalid version "${text}": use "latest" or digits like 1.0`);
  }
  return text;
}

function failure(message: string): TpError {
  return new TpError({ code: 'TOOL_EXECUTION_FAILED', message, retryable: false });
}

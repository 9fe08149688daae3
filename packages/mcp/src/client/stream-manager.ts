import { join } from 'node:path';
import {
  ConfigurationError,
  createEventBus,
  type EventBus,
  type ToolDefinition,
  type ToolRegistry,
  type ToolRuntimeV1,
  TpError,
  type TpEvent,
} from '@tp/core';
import { createFileSnapshotStore } from '../drift/file-snapshot-store.js';
import {
  type DriftReport,
  diffSnapshots,
  hasDrift,
  type SchemaSnapshotStore,
  type ServerSnapshot,
  snapshotOf,
} from '../drift/schema-drift.js';
import type {
  CompleteRequestParams,
  CompleteResult,
  GetPromptResult,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  ReadResourceResult,
  SdkTool,
} from '../sdk/sdk-adapter.js';
import type { BackoffOptions } from './backoff.js';
import { connectionError } from './call-errors.js';
import { importTools } from './define-mcp-tool.js';
import { createMcpRuntime } from './mcp-runtime.js';
import type { McpToolSource } from './mcp-tool-source.js';
import { type McpServerConfig, parseServerConfig, parseServerConfigs } from './server-config.js';
import './stream-manager-events.js';
import {
  type CallOptions,
  type ConnectionSettings,
  ServerConnection,
  type ServerStatus,
} from './server-connection.js';

export interface StreamManagerOptions {
  /** Servers keyed by name (validated; the `mcpServers` entries of loadMcpConfig fit as they are). */
  readonly servers: Readonly<Record<string, McpServerConfig | Record<string, unknown>>>;
  /** Each server's tools are registered here as runtime kind `mcp`, bound to `runtime`. */
  readonly registry: ToolRegistry;
  /**
   * Default: each server's tools live in a namespace named after the server (`files.read`).
   * With a separator, they live in `namespace` named `<server><separator><tool>` (`files__read`),
   * for clients that want flat tool names.
   */
  readonly separator?: string;
  /** Namespace of flat names (with `separator`); default the registry's default namespace. */
  readonly namespace?: string;
  /** Idle timeout of a call, reset by progress (default 60 s). */
  readonly timeoutMs?: number;
  /** Hard maximum of a call whatever its progress (default 10 min). */
  readonly maxTotalTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Health ping interval (default 30 s; 0 disables). */
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
  /** Grace between TERM and KILL when stopping a stdio server (default 2 s). */
  readonly killGraceMs?: number;
  readonly stderrLines?: number;
  readonly reconnect?: BackoffOptions;
  /** Snapshot store for schema drift; default files under `.tp/mcp-schemas`; false disables. */
  readonly snapshotStore?: SchemaSnapshotStore | false;
  /** Breaking schema changes quarantine the tool until acceptDrift() (default false). */
  readonly quarantineBreakingChanges?: boolean;
  readonly clientName?: string;
  readonly clientVersion?: string;
  /** Receives the error of an event listener that threw (default: a `TpListenerError` warning). */
  readonly onListenerError?: (error: unknown, event: TpEvent) => void;
}

/** @deprecated The shapes `on()` delivers; listen to `manager.events` (`mcp:*` events) instead. */
export type StreamManagerEvent =
  | { readonly type: 'status'; readonly status: ServerStatus }
  | { readonly type: 'tools'; readonly server: string; readonly tools: readonly string[] }
  | {
      readonly type: 'drift';
      readonly report: DriftReport;
      readonly quarantined: readonly string[];
    }
  | { readonly type: 'error'; readonly server: string; readonly error: Error };

export interface ManagerCallOptions extends CallOptions {}

export interface StreamManager {
  /** Connects every server (in parallel); servers that fail are left down and reconnecting. */
  start(): Promise<void>;
  status(): Record<string, ServerStatus>;
  close(): Promise<void>;
  /**
   * The runtime of kind `mcp`, bound to every tool the manager registers: a processor over the
   * registry runs them without listing it in `runtimes`. The manager owns it (close() ends it).
   */
  readonly runtime: ToolRuntimeV1<McpToolSource>;
  callTool(
    server: string,
    tool: string,
    args?: unknown,
    options?: ManagerCallOptions,
  ): Promise<unknown>;
  listResources(server?: string): Promise<Record<string, ListResourcesResult['resources']>>;
  readResource(server: string, uri: string): Promise<ReadResourceResult>;
  listResourceTemplates(
    server?: string,
  ): Promise<Record<string, ListResourceTemplatesResult['resourceTemplates']>>;
  /** Argument completion (`completion/complete`) from one server. */
  complete(server: string, params: CompleteRequestParams): Promise<CompleteResult>;
  listPrompts(server?: string): Promise<Record<string, ListPromptsResult['prompts']>>;
  getPrompt(server: string, name: string, args?: Record<string, string>): Promise<GetPromptResult>;
  /** Adds and connects a server at run time. */
  addServer(name: string, config: McpServerConfig | Record<string, unknown>): Promise<ServerStatus>;
  /** Disconnects a server and unregisters its tools; false when it was not there. */
  removeServer(name: string): Promise<boolean>;
  /** Accepts the current schema of a server's tools (or one tool), lifting quarantine. */
  acceptDrift(server: string, tool?: string): Promise<void>;
  quarantined(): string[];
  /**
   * The manager's events (`mcp:status`, `mcp:tools`, `mcp:drift`, `mcp:error`), typed and
   * timestamped in core's event map (docs/events.md).
   */
  readonly events: Pick<EventBus, 'on' | 'onAny'>;
  /**
   * @deprecated Use `events.on('mcp:status' | 'mcp:tools' | 'mcp:drift' | 'mcp:error', ...)` or
   * `events.onAny`. Still delivers `{ type: 'status' | 'tools' | 'drift' | 'error', ... }`.
   */
  on(listener: (event: StreamManagerEvent) => void): () => void;
}

const DEFAULTS = {
  timeoutMs: 60_000,
  maxTotalTimeoutMs: 600_000,
  connectTimeoutMs: 15_000,
  pingIntervalMs: 30_000,
  pingTimeoutMs: 5_000,
  killGraceMs: 2_000,
  stderrLines: 50,
};

interface ServerEntry {
  readonly connection: ServerConnection;
  /** Registry name -> definition currently registered for this server. */
  registered: Map<string, ToolDefinition<McpToolSource>>;
  accepted: ServerSnapshot | undefined;
  current: ServerSnapshot;
}

export function createStreamManager(options: StreamManagerOptions): StreamManager {
  if (!options || typeof options.registry?.register !== 'function') {
    throw new ConfigurationError(
      'registry',
      'createStreamManager needs a registry (createRegistry())',
    );
  }
  const configs = parseServerConfigs(options.servers);
  const { registry } = options;
  if (options.separator === '') throw new ConfigurationError('separator', 'must not be empty');
  const settings: ConnectionSettings = {
    clientName: options.clientName ?? 'tp',
    clientVersion: options.clientVersion ?? '0.1.0',
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxTotalTimeoutMs: options.maxTotalTimeoutMs ?? DEFAULTS.maxTotalTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULTS.pingTimeoutMs,
    killGraceMs: options.killGraceMs ?? DEFAULTS.killGraceMs,
    stderrLines: options.stderrLines ?? DEFAULTS.stderrLines,
    reconnect: options.reconnect ?? {},
    failureThreshold: 1,
  };
  const store =
    options.snapshotStore === false
      ? undefined
      : (options.snapshotStore ??
        createFileSnapshotStore(join(process.cwd(), '.tp', 'mcp-schemas')));
  // A listener that throws is isolated (the others still hear the event, the manager goes on)
  // and reported to onListenerError (default: a `TpListenerError` process warning).
  const events = createEventBus(options.onListenerError);
  const entries = new Map<string, ServerEntry>();
  const quarantine = new Set<string>();
  const key = (server: string, tool: string) => `${server}/${tool}`;
  let closed = false;

  const namingFor = (server: string) =>
    options.separator === undefined
      ? { namespace: server }
      : {
          namespace: options.namespace ?? registry.defaultNamespace,
          prefix: `${server}${options.separator}`,
        };

  const syncRegistry = (entry: ServerEntry, definitions: ToolDefinition<McpToolSource>[]) => {
    const next = new Map(definitions.map((definition) => [definition.name, definition]));
    for (const [name, old] of entry.registered) {
      const replacement = next.get(name);
      if (
        replacement &&
        replacement.schemaHash === old.schemaHash &&
        replacement.description === old.description
      ) {
        next.set(name, old);
        continue;
      }
      registry.unregister(name, { namespace: old.namespace, version: old.version });
      entry.registered.delete(name);
    }
    for (const [name, definition] of next) {
      if (entry.registered.get(name) === definition) continue;
      try {
        registry.register([definition], { runtime });
        entry.registered.set(name, definition);
      } catch (error) {
        events.emit('mcp:error', { server: entry.connection.name, error: error as Error });
      }
    }
  };

  const checkDrift = async (server: string, entry: ServerEntry) => {
    if (!store) return;
    entry.accepted ??= await store.load(server);
    if (!entry.accepted) {
      entry.accepted = entry.current;
      await store.save(server, entry.current);
      return;
    }
    const report = diffSnapshots(server, entry.accepted, entry.current);
    if (!hasDrift(report)) return;
    const quarantined: string[] = [];
    const accepted: Record<string, ServerSnapshot[string]> = { ...entry.current };
    if (options.quarantineBreakingChanges) {
      for (const change of report.changed) {
        if (!change.breaking) continue;
        quarantine.add(key(server, change.tool));
        quarantined.push(change.tool);
        accepted[change.tool] = entry.accepted[change.tool]!;
      }
    }
    events.emit('mcp:drift', { server, report, quarantined });
    entry.accepted = accepted;
    await store.save(server, accepted);
  };

  const onTools = async (server: string, tools: readonly SdkTool[]) => {
    const entry = entries.get(server);
    if (!entry) return;
    const config = entry.connection.config;
    const selected = tools.filter(
      (tool) =>
        (!config.include || config.include.includes(tool.name)) &&
        !config.exclude?.includes(tool.name),
    );
    const naming = namingFor(server);
    const hardMax = config.maxTotalTimeoutMs ?? settings.maxTotalTimeoutMs;
    const imported = importTools(
      server,
      selected,
      naming,
      hardMax,
      config.maxConcurrency,
      (error) => events.emit('mcp:error', { server, error }),
    );
    entry.current = snapshotOf(imported);
    try {
      await checkDrift(server, entry);
    } catch (error) {
      events.emit('mcp:error', { server, error: error as Error });
    }
    syncRegistry(
      entry,
      imported.map((item) => item.definition),
    );
    events.emit('mcp:tools', { server, tools: imported.map((item) => item.definition.name) });
  };

  const addEntry = (name: string, config: McpServerConfig) => {
    const connection = new ServerConnection(
      name,
      config,
      {
        ...settings,
        ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
        ...(config.maxTotalTimeoutMs !== undefined
          ? { maxTotalTimeoutMs: config.maxTotalTimeoutMs }
          : {}),
      },
      {
        onTools: (tools) => onTools(name, tools),
        onStatus: (status) => events.emit('mcp:status', { server: name, status }),
      },
    );
    const entry: ServerEntry = {
      connection,
      registered: new Map(),
      accepted: undefined,
      current: {},
    };
    entries.set(name, entry);
    return entry;
  };

  for (const [name, config] of Object.entries(configs)) {
    if (!config.disabled) addEntry(name, config);
  }

  const entryOf = (server: string): ServerEntry => {
    const entry = entries.get(server);
    if (!entry) {
      throw new TpError({
        code: 'RUNTIME_UNAVAILABLE',
        message: `[tp:mcp] no MCP server named "${server}" is configured`,
        retryable: false,
        details: { server, configured: [...entries.keys()] },
      });
    }
    return entry;
  };

  const perServer = async <T>(
    server: string | undefined,
    read: (connection: ServerConnection) => Promise<T>,
  ) => {
    const names = server === undefined ? [...entries.keys()] : [server];
    const results: Record<string, T> = {};
    await Promise.all(
      names.map(async (name) => {
        results[name] = await read(entryOf(name).connection);
      }),
    );
    return results;
  };

  const callTool = async (
    server: string,
    tool: string,
    args: unknown = {},
    callOptions: CallOptions = {},
  ) => {
    if (closed) throw connectionError(server, 'the manager was closed');
    if (quarantine.has(key(server, tool))) {
      throw new TpError({
        code: 'MCP_TOOL_QUARANTINED',
        category: 'guard_blocked',
        retryable: false,
        message: `[tp:mcp] ${server}/${tool} changed its schema in a breaking way and is quarantined until the change is accepted (acceptDrift)`,
        details: { server, tool },
      });
    }
    return entryOf(server).connection.callTool(tool, args, callOptions);
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all([...entries.values()].map((entry) => entry.connection.close()));
  };

  // Bound to every tool the manager registers, so a processor over the registry runs them
  // without being given it; the manager owns it (close() closes the connections).
  const runtime = createMcpRuntime({
    callTool,
    close,
    health() {
      const statuses = [...entries.values()].map((entry) => entry.connection.status());
      const down = statuses.filter((status) => status.state === 'down').length;
      const status =
        statuses.length > 0 && down === statuses.length
          ? 'down'
          : down > 0 || statuses.some((s) => s.state === 'degraded')
            ? 'degraded'
            : 'ready';
      return { status, details: Object.fromEntries(statuses.map((s) => [s.name, s.state])) };
    },
  });

  const manager: StreamManager = {
    async start() {
      await Promise.all([...entries.values()].map((entry) => entry.connection.start()));
    },
    status() {
      return Object.fromEntries(
        [...entries].map(([name, entry]) => [name, entry.connection.status()]),
      );
    },
    close,
    runtime,
    callTool,
    listResources: (server) =>
      perServer(server, async (connection) => (await connection.listResources()).resources),
    readResource: (server, uri) => entryOf(server).connection.readResource(uri),
    listResourceTemplates: (server) =>
      perServer(
        server,
        async (connection) => (await connection.listResourceTemplates()).resourceTemplates,
      ),
    complete: (server, params) => entryOf(server).connection.complete(params),
    listPrompts: (server) =>
      perServer(server, async (connection) => (await connection.listPrompts()).prompts),
    getPrompt: (server, name, args) => entryOf(server).connection.getPrompt(name, args),
    async addServer(name, config) {
      if (closed) throw connectionError(name, 'the manager was closed');
      if (entries.has(name))
        throw new ConfigurationError(`servers.${name}`, 'a server with this name already exists');
      const entry = addEntry(name, parseServerConfig(name, config));
      await entry.connection.start();
      return entry.connection.status();
    },
    async removeServer(name) {
      const entry = entries.get(name);
      if (!entry) return false;
      entries.delete(name);
      await entry.connection.close();
      for (const definition of entry.registered.values()) {
        registry.unregister(definition.name, {
          namespace: definition.namespace,
          version: definition.version,
        });
      }
      for (const item of [...quarantine]) if (item.startsWith(`${name}/`)) quarantine.delete(item);
      return true;
    },
    async acceptDrift(server, tool) {
      const entry = entryOf(server);
      // Accepting the whole server also accepts removals; one tool keeps the rest as they were.
      const accepted: Record<string, ServerSnapshot[string]> =
        tool === undefined ? {} : { ...entry.accepted };
      for (const [remote, snapshot] of Object.entries(entry.current)) {
        if (tool === undefined || remote === tool) {
          accepted[remote] = snapshot;
          quarantine.delete(key(server, remote));
        }
      }
      entry.accepted = accepted;
      await store?.save(server, accepted);
    },
    quarantined: () => [...quarantine],
    events,
    on: (listener) =>
      events.onAny((event) => {
        const legacy = legacyEvent(event);
        if (legacy) listener(legacy);
      }),
  };
  return manager;
}

/** The deprecated `on()` shape of one of the manager's events. */
function legacyEvent(event: TpEvent): StreamManagerEvent | undefined {
  switch (event.type) {
    case 'mcp:status':
      return { type: 'status', status: event.status };
    case 'mcp:tools':
      return { type: 'tools', server: event.server, tools: event.tools };
    case 'mcp:drift':
      return { type: 'drift', report: event.report, quarantined: event.quarantined };
    case 'mcp:error':
      return { type: 'error', server: event.server, error: event.error };
    default:
      return undefined;
  }
}

import { onAbort, type ProgressUpdate, TpError } from '@tp/core';
import {
  type CompleteRequestParams,
  type CompleteResult,
  type GetPromptResult,
  httpStatusOf,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  type ReadResourceResult,
  type SdkClient,
  type SdkTool,
} from '../sdk/sdk-adapter.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { connectionError, toCallError } from './call-errors.js';
import { type ResultOptions, resultValue } from './call-result.js';
import { type OpenedClient, openClient } from './open-client.js';
import { TAP_KEY } from './progress-tap.js';
import type { McpServerConfig, TransportKind } from './server-config.js';
import type { StdioClientTransport } from './stdio-client-transport.js';

export type ServerState = 'connecting' | 'ready' | 'degraded' | 'down' | 'closed';

export interface ServerStatus {
  readonly name: string;
  readonly state: ServerState;
  readonly transport: TransportKind | undefined;
  readonly lastError?: string;
  /** Round-trip time of the last successful ping or call, ms. */
  readonly latencyMs?: number;
  readonly calls: { readonly total: number; readonly failed: number; readonly inFlight: number };
  readonly reconnects: number;
  readonly tools: number;
  readonly pid?: number;
  readonly stderrTail?: readonly string[];
  readonly connectedAt?: number;
}

export interface ConnectionSettings {
  readonly clientName: string;
  readonly clientVersion: string;
  readonly timeoutMs: number;
  readonly maxTotalTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly killGraceMs: number;
  readonly stderrLines: number;
  readonly reconnect: BackoffOptions;
  /** Connection-level failures in a row (with ping still failing) before the server is declared dead. */
  readonly failureThreshold: number;
}

export interface ConnectionHooks {
  onTools(tools: readonly SdkTool[]): void | Promise<void>;
  onStatus(status: ServerStatus): void;
}

export interface CallOptions extends ResultOptions {
  readonly signal?: AbortSignal;
  /** Entries for the request's `_meta` (the W3C trace context: `traceparent`, `tracestate`). */
  readonly meta?: Readonly<Record<string, string>>;
  readonly onProgress?: (update: ProgressUpdate) => void;
  readonly timeoutMs?: number;
  readonly maxTotalTimeoutMs?: number;
}

interface Pending {
  readonly fail: (error: TpError) => void;
}

/**
 * One supervised MCP server: connects (and reconnects with backoff), keeps the tool list fresh,
 * and runs calls. What the SDK leaves to its users lives here: a dead server fails its pending
 * calls at once, an expired HTTP session is re-initialized once, and close() ends stdio trees.
 */
export class ServerConnection {
  #state: ServerState = 'connecting';
  #opened: OpenedClient | undefined;
  #lastError: string | undefined;
  #latencyMs: number | undefined;
  #connectedAt: number | undefined;
  #reconnects = 0;
  #attempt = 0;
  #tools = 0;
  #calls = { total: 0, failed: 0 };
  #consecutiveFailures = 0;
  readonly #pending = new Set<Pending>();
  #connecting: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #probing: Promise<void> | undefined;
  #readyWaiters = new Set<() => void>();
  /** The latest stdio transport, kept after a failure for its pid and stderr tail. */
  #lastStdio: StdioClientTransport | undefined;

  constructor(
    readonly name: string,
    readonly config: McpServerConfig,
    private readonly settings: ConnectionSettings,
    private readonly hooks: ConnectionHooks,
  ) {}

  status(): ServerStatus {
    const stdio = this.#opened?.stdio ?? this.#lastStdio;
    const pid = stdio?.pid;
    return {
      name: this.name,
      state: this.#state,
      transport: this.#opened?.kind ?? ('command' in this.config ? 'stdio' : undefined),
      ...(this.#lastError !== undefined ? { lastError: this.#lastError } : {}),
      ...(this.#latencyMs !== undefined ? { latencyMs: this.#latencyMs } : {}),
      calls: { ...this.#calls, inFlight: this.#pending.size },
      reconnects: this.#reconnects,
      tools: this.#tools,
      ...(pid !== undefined ? { pid } : {}),
      ...(stdio ? { stderrTail: stdio.stderr.lines() } : {}),
      ...(this.#connectedAt !== undefined ? { connectedAt: this.#connectedAt } : {}),
    };
  }

  /** First connection; failures leave the server down and reconnecting, never throw. */
  start(): Promise<void> {
    return this.#connect();
  }

  #setState(state: ServerState, error?: unknown): void {
    if (error !== undefined) this.#lastError = describe(error);
    if (this.#state === 'closed') return;
    this.#state = state;
    if (state === 'ready' || state === 'down' || state === 'degraded') {
      for (const wake of this.#readyWaiters) wake();
      this.#readyWaiters.clear();
    }
    this.hooks.onStatus(this.status());
  }

  #connect(): Promise<void> {
    if (this.#connecting) return this.#connecting;
    this.#setState('connecting');
    const attempt = (async () => {
      try {
        const opened = await openClient(this.config, {
          clientName: this.settings.clientName,
          clientVersion: this.settings.clientVersion,
          connectTimeoutMs: this.settings.connectTimeoutMs,
          stderrLines: this.settings.stderrLines,
          killGraceMs: this.settings.killGraceMs,
          prepare: (client) => this.#watch(client),
          onStdio: (transport) => {
            this.#lastStdio = transport;
          },
        });
        if (this.#state === 'closed') {
          await this.#dispose(opened);
          return;
        }
        this.#opened = opened;
        await this.#refreshTools();
        this.#attempt = 0;
        this.#consecutiveFailures = 0;
        this.#connectedAt = Date.now();
        this.#schedulePing();
        this.#setState('ready');
      } catch (error) {
        if (this.#opened) await this.#dispose(this.#opened);
        this.#opened = undefined;
        this.#setState('down', error);
        this.#scheduleReconnect();
      } finally {
        this.#connecting = undefined;
      }
    })();
    this.#connecting = attempt;
    return attempt;
  }

  #watch(client: SdkClient): void {
    const current = () => this.#opened?.client === client;
    client.onclose = () => {
      if (current()) this.#lost(connectionError(this.name, 'the connection closed'));
    };
    client.onerror = (error) => {
      // A progress notification racing its own response is expected (see ProgressTapTransport).
      if (current() && !/unknown token/.test(error.message)) this.#suspect(error);
    };
    client.setNotificationHandler('notifications/tools/list_changed', async () => {
      if (current()) await this.#refreshTools().catch((error) => this.#suspect(error));
    });
  }

  async #refreshTools(): Promise<void> {
    const client = this.#opened?.client;
    if (!client) return;
    const { tools } = await client.listTools(undefined, {
      cacheMode: 'bypass',
      timeout: this.settings.connectTimeoutMs,
    });
    this.#tools = tools.length;
    await this.hooks.onTools(tools);
  }

  /** An error on the wire may or may not mean the server is gone: a ping decides. */
  #suspect(error: unknown): void {
    if (this.#probing || !this.#opened || this.#connecting) return;
    const { client } = this.#opened;
    this.#probing = (async () => {
      try {
        const started = performance.now();
        await client.ping({ timeout: this.settings.pingTimeoutMs });
        this.#latencyMs = performance.now() - started;
      } catch (pingError) {
        if (this.#opened?.client === client) {
          this.#lost(
            connectionError(
              this.name,
              `not responding (${describe(error)}; ping: ${describe(pingError)})`,
              pingError,
            ),
          );
        }
      } finally {
        this.#probing = undefined;
      }
    })();
  }

  /** The server is gone: fail every pending call now, drop the client, reconnect with backoff. */
  #lost(error: TpError): void {
    const opened = this.#opened;
    if (!opened || this.#state === 'closed') return;
    this.#opened = undefined;
    clearTimeout(this.#pingTimer);
    for (const pending of [...this.#pending]) pending.fail(error);
    this.#setState('down', error);
    void this.#dispose(opened);
    this.#scheduleReconnect();
  }

  async #dispose(opened: OpenedClient): Promise<void> {
    opened.client.onclose = undefined;
    opened.client.onerror = undefined;
    await opened.client.close().catch(() => {});
    await opened.transport.close().catch(() => {});
  }

  #scheduleReconnect(): void {
    if (this.#state === 'closed' || this.#reconnectTimer) return;
    const delay = backoffDelay(this.#attempt++, this.settings.reconnect);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#reconnects++;
      void this.#connect();
    }, delay);
    this.#reconnectTimer.unref();
  }

  #schedulePing(): void {
    clearTimeout(this.#pingTimer);
    if (this.settings.pingIntervalMs <= 0) return;
    this.#pingTimer = setTimeout(() => {
      this.#suspect(new Error('periodic health check'));
      this.#schedulePing();
    }, this.settings.pingIntervalMs);
    this.#pingTimer.unref();
  }

  async #ready(signal: AbortSignal | undefined): Promise<OpenedClient> {
    if (this.#state === 'connecting') {
      let unsubscribe: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        this.#readyWaiters.add(resolve);
        if (signal) unsubscribe = onAbort(signal, resolve);
      });
      unsubscribe?.();
    }
    if (signal?.aborted) throw signal.reason;
    if (this.#state === 'closed') throw connectionError(this.name, 'the manager was closed');
    if (!this.#opened) {
      throw connectionError(
        this.name,
        `not connected${this.#lastError ? ` (${this.#lastError})` : ''}`,
      );
    }
    return this.#opened;
  }

  /** Runs a tools/call; resolves with its value or throws a TpError. */
  async callTool(tool: string, args: unknown, options: CallOptions = {}): Promise<unknown> {
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    this.#calls.total++;
    try {
      const value = await this.#callOnce(tool, args, options, true);
      this.#consecutiveFailures = 0;
      if (this.#state === 'degraded') this.#setState('ready');
      return value;
    } catch (error) {
      this.#calls.failed++;
      if (signal?.aborted) throw signal.reason;
      const mapped = TpError.isInstance(error)
        ? error
        : toCallError(this.name, tool, error, options.repeatable);
      if (mapped.code === 'TOOL_TIMEOUT' || mapped.code === 'RUNTIME_UNAVAILABLE')
        this.#noteFailure(mapped);
      throw mapped;
    }
  }

  #noteFailure(error: TpError): void {
    this.#consecutiveFailures++;
    if (this.#state === 'ready') this.#setState('degraded', error);
    if (this.#consecutiveFailures >= this.settings.failureThreshold) this.#suspect(error);
  }

  async #callOnce(
    tool: string,
    args: unknown,
    options: CallOptions,
    mayReinitialize: boolean,
  ): Promise<unknown> {
    const opened = await this.#ready(options.signal);
    const started = performance.now();
    let pending: Pending | undefined;
    // A per-call signal: the SDK adds its abort listener to it, never to a caller's shared signal.
    const controller = new AbortController();
    const unlink = options.signal ? linkAbort(options.signal, controller) : undefined;
    const failed = new Promise<never>((_, reject) => {
      pending = {
        fail: (error) => {
          controller.abort(error);
          reject(error);
        },
      };
      this.#pending.add(pending);
    });
    failed.catch(() => {});
    const { onProgress } = options;
    const tap = onProgress ? opened.tap.listen(onProgress) : undefined;
    try {
      const result = await Promise.race([
        opened.client.callTool(
          {
            name: tool,
            arguments: (args ?? {}) as Record<string, unknown>,
            ...(tap || options.meta
              ? { _meta: { ...options.meta, ...(tap ? { [TAP_KEY]: tap.key } : {}) } }
              : {}),
          },
          {
            signal: controller.signal,
            timeout: options.timeoutMs ?? this.settings.timeoutMs,
            maxTotalTimeout: options.maxTotalTimeoutMs ?? this.settings.maxTotalTimeoutMs,
            resetTimeoutOnProgress: true,
            // The SDK's own (late) progress dispatch only resets the idle timeout; the tap
            // delivers progress to the caller.
            ...(tap ? { onprogress: noop } : {}),
          },
        ),
        failed,
      ]);
      this.#latencyMs = performance.now() - started;
      return resultValue(this.name, tool, result, options);
    } catch (error) {
      if (controller.signal.aborted && options.signal?.aborted) throw options.signal.reason;
      // A restarted HTTP server no longer knows our session: re-initialize once and retry.
      if (mayReinitialize && opened.kind !== 'stdio' && httpStatusOf(error) === 404) {
        await this.#reinitialize(opened);
        return this.#callOnce(tool, args, options, false);
      }
      throw error;
    } finally {
      tap?.stop();
      this.#pending.delete(pending!);
      unlink?.();
    }
  }

  async #reinitialize(stale: OpenedClient): Promise<void> {
    if (this.#opened === stale) {
      this.#opened = undefined;
      clearTimeout(this.#pingTimer);
      void this.#dispose(stale);
    }
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    await this.#connect();
  }

  async listResources(): Promise<ListResourcesResult> {
    return (await this.#ready(undefined)).client.listResources();
  }

  async readResource(uri: string): Promise<ReadResourceResult> {
    return (await this.#ready(undefined)).client.readResource({ uri });
  }

  async listResourceTemplates(): Promise<ListResourceTemplatesResult> {
    return (await this.#ready(undefined)).client.listResourceTemplates();
  }

  async complete(params: CompleteRequestParams): Promise<CompleteResult> {
    return (await this.#ready(undefined)).client.complete(params);
  }

  async listPrompts(): Promise<ListPromptsResult> {
    return (await this.#ready(undefined)).client.listPrompts();
  }

  async getPrompt(name: string, args: Record<string, string> = {}): Promise<GetPromptResult> {
    return (await this.#ready(undefined)).client.getPrompt({ name, arguments: args });
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const opened = this.#opened;
    this.#opened = undefined;
    this.#setState('closed');
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#pingTimer);
    for (const wake of this.#readyWaiters) wake();
    const closedError = connectionError(this.name, 'the manager was closed');
    for (const pending of [...this.#pending]) pending.fail(closedError);
    await this.#connecting?.catch(() => {});
    if (opened) await this.#dispose(opened);
  }
}

function linkAbort(signal: AbortSignal, controller: AbortController): () => void {
  return onAbort(signal, () => controller.abort(signal.reason));
}

function noop(): void {}

/** An error's message, with the HTTP status when the SDK keeps it out of the message. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = httpStatusOf(error);
  return status !== undefined && !message.includes(String(status))
    ? `${message} (HTTP ${status})`
    : message;
}

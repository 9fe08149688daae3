import type { EventBus } from '@tp/core';
import { Gauge, type Registry } from 'prom-client';

/** The `mcp:status` fields these metrics read (`@tp/mcp`'s ServerStatus). */
interface UpstreamStatus {
  readonly state: string;
  readonly latencyMs?: number;
}

/**
 * Upstream MCP server health from a StreamManager's `mcp:status` events (`manager.events`): one
 * series per configured server (a bounded set). Typed loosely so this package needs no @tp/mcp.
 */
export function upstreamMetrics(events: Pick<EventBus, 'onAny'>, registry: Registry): () => void {
  const registers = [registry];
  const up = new Gauge({
    name: 'tp_mcp_server_up',
    help: 'Upstream MCP server reachable: 1 ready or degraded, 0 otherwise.',
    labelNames: ['server', 'state'],
    registers,
  });
  const latency = new Gauge({
    name: 'tp_mcp_server_latency_seconds',
    help: 'Round-trip time of the last successful ping or call of an upstream MCP server.',
    labelNames: ['server'],
    registers,
  });
  const states = new Map<string, string>();
  return events.onAny((event) => {
    if ((event.type as string) !== 'mcp:status') return;
    const { server, status } = event as unknown as { server: string; status: UpstreamStatus };
    const previous = states.get(server);
    if (previous !== undefined && previous !== status.state) up.remove({ server, state: previous });
    states.set(server, status.state);
    up.set(
      { server, state: status.state },
      status.state === 'ready' || status.state === 'degraded' ? 1 : 0,
    );
    if (status.latencyMs !== undefined) latency.set({ server }, status.latencyMs / 1000);
  });
}

import type { SessionStats } from '@tp/mcp';

/**
 * The server's own part of /metrics in the Prometheus text format: MCP sessions, limits and
 * process memory (the processor's `tp_*` metrics come from @tp/otel).
 */
export function prometheusMetrics(sessions: SessionStats, tools: number): string {
  const { rss, heapUsed } = process.memoryUsage();
  const samples: Array<[name: string, type: 'gauge' | 'counter', help: string, value: number]> = [
    ['tp_mcp_sessions', 'gauge', 'Open MCP sessions (stdio and HTTP)', sessions.open],
    ['tp_mcp_http_sessions', 'gauge', 'Open Streamable HTTP sessions', sessions.http],
    [
      'tp_mcp_http_sessions_max',
      'gauge',
      'Most Streamable HTTP sessions open at once',
      sessions.max,
    ],
    [
      'tp_mcp_http_session_idle_timeout_seconds',
      'gauge',
      'Idle time after which a session is closed (0 = never)',
      sessions.idleTimeoutMs / 1000,
    ],
    [
      'tp_mcp_http_sessions_expired_total',
      'counter',
      'Sessions closed for being idle',
      sessions.expired,
    ],
    [
      'tp_mcp_http_sessions_rejected_total',
      'counter',
      'initialize requests refused at the session limit',
      sessions.rejected,
    ],
    ['tp_tools', 'gauge', 'Registered tools', tools],
    ['process_resident_memory_bytes', 'gauge', 'Resident set size in bytes', rss],
    ['nodejs_heap_used_bytes', 'gauge', 'V8 heap used in bytes', heapUsed],
  ];
  return samples
    .map(
      ([name, type, help, value]) =>
        `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`,
    )
    .join('');
}

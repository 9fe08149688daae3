import type { Meter } from '@opentelemetry/api';
import type { EventBus } from '@tp/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_MCP_METHOD_NAME,
  MCP_METHOD_TOOLS_CALL,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
} from '../semconv.js';

/**
 * OTel metrics by the MCP conventions: `mcp.client.operation.duration` (seconds) for every call of
 * an MCP tool (runtime `mcp`), with `mcp.method.name`, `gen_ai.tool.name` and `error.type`.
 */
export function otelMetrics(events: Pick<EventBus, 'on'>, meter: Meter): () => void {
  const mcpClientDuration = meter.createHistogram(METRIC_MCP_CLIENT_OPERATION_DURATION, {
    description: 'Duration of the MCP request or notification as observed on the sender',
    unit: 's',
  });
  return events.on('attempt:end', (event) => {
    if (event.runtime !== 'mcp') return;
    mcpClientDuration.record(event.durationMs / 1000, {
      [ATTR_MCP_METHOD_NAME]: MCP_METHOD_TOOLS_CALL,
      [ATTR_GEN_AI_TOOL_NAME]: event.tool,
      ...(event.ok ? {} : { [ATTR_ERROR_TYPE]: event.error?.code ?? 'tool_error' }),
    });
  });
}

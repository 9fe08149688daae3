/**
 * The GenAI and MCP semantic conventions this package follows, as our own constants:
 * `@opentelemetry/semantic-conventions` deprecated its `gen_ai.*`/`mcp.*` constants when they moved
 * to the open-telemetry/semantic-conventions-genai repository, which publishes no npm package yet.
 * Names as in that repository's release {@link SEMCONV_GENAI_VERSION} (docs/gen-ai/gen-ai-spans.md,
 * "Execute tool span"; docs/gen-ai/mcp.md); `error.type` is from the stable general conventions.
 */
export const SEMCONV_GENAI_VERSION = 'semantic-conventions-genai v0.1.0';

export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
/** `function` (runs in this process or a sandbox we own), `extension` (an MCP or other remote service). */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** Opt-in (may hold secrets), recorded only after the guards' redaction. */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';

export const ATTR_ERROR_TYPE = 'error.type';
/** `error.type` when nothing more specific is known. */
export const ERROR_TYPE_OTHER = '_OTHER';

export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
export const MCP_METHOD_TOOLS_CALL = 'tools/call';
/** MCP metric names (seconds). */
export const METRIC_MCP_CLIENT_OPERATION_DURATION = 'mcp.client.operation.duration';
export const METRIC_MCP_SERVER_OPERATION_DURATION = 'mcp.server.operation.duration';

/** Our own attributes (no convention covers them). */
export const ATTR_TP_NAMESPACE = 'tp.tool.namespace';
export const ATTR_TP_RUNTIME = 'tp.runtime';
export const ATTR_TP_ATTEMPTS = 'tp.attempts';
export const ATTR_TP_ATTEMPT = 'tp.attempt';
export const ATTR_TP_CACHED = 'tp.cached';
export const ATTR_TP_REQUEST_ID = 'tp.request.id';
export const ATTR_TP_STAGE = 'tp.stage';
export const ATTR_TP_ACQUIRED = 'tp.acquired';

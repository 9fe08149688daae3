// The ONLY module of @tp/mcp that imports the MCP TypeScript SDK (v2). Everything else imports
// from here, so moving to a future SDK major is a change to this one file (a test enforces it).

import {
  Client,
  ProtocolError,
  ReadBuffer,
  SdkError,
  SdkHttpError,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  serializeMessage,
} from '@modelcontextprotocol/client';
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isCallToolResult, Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

export type {
  AuthProvider,
  CallToolResult,
  CompleteRequestParams,
  CompleteResult,
  GetPromptResult,
  JSONRPCMessage,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  OAuthClientProvider,
  Progress,
  ReadResourceResult,
  Tool as SdkTool,
  Transport,
} from '@modelcontextprotocol/client';

export {
  Client as SdkClient,
  getDefaultEnvironment,
  isCallToolResult,
  NodeStreamableHTTPServerTransport,
  ReadBuffer,
  Server as SdkServer,
  SSEClientTransport,
  StdioServerTransport,
  StreamableHTTPClientTransport,
  serializeMessage,
};

/** The HTTP status an SDK error carries (undefined when it is not an HTTP failure). */
export function httpStatusOf(error: unknown, depth = 0): number | undefined {
  if (SdkHttpError.isInstance(error)) return error.status;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const fromCause = cause !== undefined && depth < 3 ? httpStatusOf(cause, depth + 1) : undefined;
  if (fromCause !== undefined) return fromCause;
  // Duck-typed too: SdkHttpError keeps the status in `data`, other transports in `code`/`status`.
  const candidate = error as {
    status?: unknown;
    code?: unknown;
    data?: { status?: unknown };
  } | null;
  for (const value of [candidate?.data?.status, candidate?.status, candidate?.code]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  const message = error instanceof Error ? error.message : '';
  const match = /\b(?:HTTP |status(?: code)? ?)(\d{3})\b/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

export type SdkFailureKind = 'timeout' | 'connection' | 'protocol' | 'other';

/** Classifies what the SDK threw, so callers map it to our error codes without SDK types. */
export function classifySdkError(error: unknown): SdkFailureKind {
  if (SdkError.isInstance(error)) {
    switch (error.code) {
      case 'REQUEST_TIMEOUT':
        return 'timeout';
      case 'NOT_CONNECTED':
      case 'CONNECTION_CLOSED':
      case 'SEND_FAILED':
      case 'CLIENT_HTTP_FAILED_TO_OPEN_STREAM':
        return 'connection';
      default:
        return 'other';
    }
  }
  if (ProtocolError.isInstance(error)) return 'protocol';
  return 'other';
}

/** The JSON-RPC error code of a protocol error (e.g. -32602 invalid params). */
export function protocolErrorCode(error: unknown): number | undefined {
  return ProtocolError.isInstance(error) ? error.code : undefined;
}

export const SDK_PACKAGES = [
  '@modelcontextprotocol/client',
  '@modelcontextprotocol/server',
  '@modelcontextprotocol/node',
  '@modelcontextprotocol/sdk',
] as const;

/** A JSON-RPC "invalid params" error (how MCP reports an unknown tool in tools/call). */
export function invalidParamsError(message: string): Error {
  return new ProtocolError(-32602, message);
}

import type { ToolCall } from '../../tool-call.js';

/** A call as a dialect found it, before the name and arguments are checked and decoded. */
export interface RawToolCall {
  /** Provider-given id, kept when it is a non-empty string. */
  readonly id?: unknown;
  readonly name: unknown;
  /** An object, a JSON string of one, or absent (meaning no arguments). */
  readonly arguments: unknown;
  /** Extra ToolCall fields an already-structured call carries (namespace, version, ...). */
  readonly extra?: Partial<Omit<ToolCall, 'id' | 'tool' | 'arguments'>>;
}

/** What a dialect reading a structured value (a provider response, a content block...) can do. */
export interface ValueReader {
  /** Emit a call; `at` is a JSON path suffix relative to the value (`.tool_calls[0]`). */
  call(raw: RawToolCall, at?: string): void;
  issue(message: string, at?: string, tool?: string): void;
  /** Hand a nested value back to the dialect list; unknown shapes there are skipped silently. */
  value(child: unknown, at: string): void;
  /** Text the model wrote (a message's content), parsed with the text dialects when the
   *  response carries no structured calls. */
  text(text: string, at: string): void;
}

/** What a dialect reading model text can do. Offsets are indices into the text. */
export interface TextReader {
  /** End of the region an earlier (higher-precedence) dialect claimed around `offset`, or -1. */
  claimedEnd(offset: number): number;
  /** Reserve `[start, end)` for this dialect; false when it overlaps a region already claimed. */
  claim(start: number, end: number): boolean;
  call(raw: RawToolCall, offset: number): void;
  issue(message: string, offset: number, tool?: string): void;
}

/**
 * One way models write tool calls (contract v1). A dialect reads structured values, text, or
 * both; the dialect list (`defaultDialects`) is the single place that decides which ones run and
 * in which order (earlier wins).
 */
export interface ToolCallDialectV1 {
  /** The contract version this dialect implements; a processor refuses any other. */
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** Read `value` when it has this dialect's shape; return false (and emit nothing) otherwise. */
  readValue?(value: Readonly<Record<string, unknown>>, reader: ValueReader): boolean;
  /** Strings of which at least one must occur in a text for `readText` to run (a cheap check). */
  readonly markers?: readonly string[];
  readText?(text: string, reader: TextReader): void;
}

/** The dialect contract (an alias of ToolCallDialectV1). */
export type ToolCallDialect = ToolCallDialectV1;

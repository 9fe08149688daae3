import type { RawToolCall } from '../contracts/dialect/v1/tool-call-dialect-v1.js';

const JSON_START = /^\s*[{["\-\d]|^\s*(?:true|false|null)\s*$/;

/**
 * A parameter value written as text in an XML-ish dialect: valid JSON becomes the typed value
 * (`3`, `true`, `{"a": 1}`, `"quoted"`), anything else stays the string as written.
 */
export function typedValue(raw: string): unknown {
  if (!JSON_START.test(raw)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The raw texts of a call's parameters, kept for typing by schema (ToolCall.argumentText). */
export function textExtra(argumentText: Record<string, string>): Pick<RawToolCall, 'extra'> {
  for (const _ in argumentText) return { extra: { argumentText } };
  return {};
}

import { DEFAULT_NAMESPACE, type ToolResult } from '@tp/core';

/** Human-readable results: one block per call, then a summary line. */
export function formatResults(results: readonly ToolResult[]): string {
  if (results.length === 0) return 'no tool calls found in the input\n';
  const lines: string[] = [];
  for (const result of results) {
    const name = result.tool === '' ? '(unknown tool)' : qualified(result);
    const id = result.callId === '' ? '' : `  [${result.callId}]`;
    if (result.ok) {
      lines.push(`✓ ${name}${id}  ${result.durationMs.toFixed(1)} ms`);
      lines.push(indent(render(result.value)));
    } else {
      lines.push(`✗ ${name}${id}  ${result.error?.code ?? 'FAILED'}`);
      lines.push(indent(result.error?.message ?? 'no error information'));
    }
    for (const warning of result.warnings ?? []) {
      lines.push(indent(`warning (${warning.source}): ${warning.message}`));
    }
  }
  const failed = results.filter((result) => !result.ok).length;
  const count = results.length === 1 ? '1 call' : `${results.length} calls`;
  lines.push('', `${count}: ${results.length - failed} succeeded, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function qualified(result: ToolResult): string {
  return result.namespace === '' || result.namespace === DEFAULT_NAMESPACE
    ? result.tool
    : `${result.namespace}.${result.tool}`;
}

function render(value: unknown): string {
  if (value === undefined) return '(no value)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

import { DEFAULT_NAMESPACE, type DryRunReport, type ToolResult } from '@tp/core';
import type { Palette } from './palette.js';

/** One call's outcome as a block: a status line, then the value or error indented. */
export function formatResult(result: ToolResult, palette: Palette): string {
  const lines: string[] = [];
  const heading = `${callName(result)}${callIdSuffix(result)}`;
  if (result.ok) {
    lines.push(
      `${palette.green('✓')} ${heading}  ${palette.dim(`${result.durationMs.toFixed(1)} ms`)}`,
    );
    lines.push(indent(render(result.value)));
  } else {
    lines.push(`${palette.red('✗')} ${heading}  ${palette.red(result.error.code)}`);
    lines.push(indent(result.error.message));
  }
  for (const warning of result.warnings ?? []) {
    lines.push(indent(palette.yellow(`warning (${warning.source}): ${warning.message}`)));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per call of a dry run: would it run, and which stage or guard said what. */
export function formatDryRunLine(result: ToolResult, palette: Palette): string {
  const report = dryRunReport(result);
  const heading = `${callName(result)}${callIdSuffix(result)}`;
  const estimate =
    report?.estimate.ms !== undefined ? palette.dim(`  ~${report.estimate.ms.toFixed(0)} ms`) : '';
  const concerns = (report?.verdicts ?? [])
    .filter((verdict) => verdict.applied !== 'allow')
    .map(
      (verdict) =>
        `${verdict.guard}: ${verdict.applied}${verdict.reason ? ` (${verdict.reason})` : ''}`,
    );
  const notes = concerns.length > 0 ? palette.yellow(`  ${concerns.join('; ')}`) : '';
  if (result.ok) return `${palette.green('✓')} would run  ${heading}${estimate}${notes}\n`;
  const stage = report?.rejectedBy ? ` by ${report.rejectedBy}` : '';
  return `${palette.red('✗')} refused${stage}  ${heading}  ${palette.red(result.error.code)}: ${result.error.message}${notes}\n`;
}

/** The closing line: how many calls, how many failed (or, for a dry run, would be refused). */
export function formatSummary(
  results: readonly ToolResult[],
  palette: Palette,
  dryRun = false,
): string {
  if (results.length === 0) return 'no tool calls found in the input\n';
  const failed = results.filter((result) => !result.ok).length;
  const count = results.length === 1 ? '1 call' : `${results.length} calls`;
  const [good, bad] = dryRun ? ['would run', 'refused'] : ['succeeded', 'failed'];
  const tally = `${count}: ${results.length - failed} ${good}, ${failed} ${bad}`;
  const plan = dryRun ? planLine(results) : '';
  return `\n${failed > 0 ? palette.bold(tally) : tally}${plan}\n`;
}

function planLine(results: readonly ToolResult[]): string {
  const plan = results.map(dryRunReport).find((report) => report !== undefined)?.plan;
  if (!plan || plan.wouldRun === plan.unestimated) return '';
  return ` · estimated ${plan.serialMs.toFixed(0)} ms one after another, ≥ ${plan.parallelMs.toFixed(0)} ms in parallel`;
}

function dryRunReport(result: ToolResult): DryRunReport | undefined {
  const value = result.value as Partial<DryRunReport> | undefined;
  return value?.dryRun === true ? (value as DryRunReport) : undefined;
}

function callName(result: ToolResult): string {
  if (result.tool === '') return '(unknown tool)';
  return result.namespace === '' || result.namespace === DEFAULT_NAMESPACE
    ? result.tool
    : `${result.namespace}.${result.tool}`;
}

function callIdSuffix(result: ToolResult): string {
  return result.callId === '' ? '' : `  [${result.callId}]`;
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

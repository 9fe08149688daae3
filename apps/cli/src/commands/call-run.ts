import { createProcessor, type ProcessOptions, parseToolCalls, type ToolResult } from '@tp/core';
import { CliError, ExitCode } from '../cli-error.js';
import type { CliIo, CommandInput } from '../command.js';
import { loadRegistry } from '../load-tools.js';
import { formatDryRunLine, formatResult, formatSummary } from '../output/format-results.js';
import { colourEnabled, createPalette } from '../output/palette.js';
import { createProgressLine } from '../output/progress-line.js';
import { readModelOutput, toProcessInput } from '../read-input.js';
import { positiveInteger, toolModules } from '../shared-options.js';

/** `tp call`: runs the calls of the input and prints each result as its call ends. */
export async function runCall({ values, positionals, io }: CommandInput): Promise<number> {
  if (values.json && values.jsonl) throw new CliError('--json and --jsonl exclude each other');
  const modules = toolModules(values);
  const registry = await loadRegistry(modules, io.cwd);
  const timeoutMs = positiveInteger(values, 'timeout');
  const maxConcurrency = positiveInteger(values, 'concurrency');
  const input = toProcessInput(await readModelOutput(positionals[0], io));
  const processor = createProcessor({
    registry,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  });
  const options: ProcessOptions = {
    signal: io.signal,
    ...(values['dry-run'] ? { dryRun: true } : {}),
  };
  try {
    const results = values.json
      ? await printJson(await processor.process(input, options), io)
      : await printAsTheyEnd(processor.stream(input, options), input, values, io);
    if (modules.length === 0 && results.some((result) => !result.ok)) {
      io.stderr.write(
        'tp call: no tools were loaded, so every call is TOOL_NOT_FOUND (load them with --tools <module>)\n',
      );
    }
    return results.every((result) => result.ok) ? ExitCode.ok : ExitCode.callFailed;
  } finally {
    await processor.close();
  }
}

async function printJson(results: ToolResult[], io: CliIo): Promise<ToolResult[]> {
  io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** Writes each result the moment its call ends: a JSON line, or a readable block. */
async function printAsTheyEnd(
  stream: AsyncIterable<ToolResult>,
  input: unknown,
  values: Record<string, unknown>,
  io: CliIo,
): Promise<ToolResult[]> {
  const results: ToolResult[] = [];
  if (values.jsonl) {
    for await (const result of stream) {
      results.push(result);
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return results;
  }
  const palette = createPalette(colourEnabled(io.stdout, io.env ?? {}));
  const dryRun = values['dry-run'] === true;
  const { calls, issues } = parseToolCalls(input);
  const progress = createProgressLine(io.stderr, calls.length + issues.length);
  try {
    for await (const result of stream) {
      results.push(result);
      progress.advance();
      progress.clear();
      io.stdout.write(dryRun ? formatDryRunLine(result, palette) : formatResult(result, palette));
    }
  } finally {
    progress.stop();
  }
  io.stdout.write(formatSummary(results, palette, dryRun));
  return results;
}

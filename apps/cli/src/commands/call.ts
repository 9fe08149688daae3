import { createProcessor, type ProcessOptions, parseToolCalls, type ToolResult } from '@tp/core';
import { CliError, ExitCode } from '../cli-error.js';
import type { CliIo, Command } from '../command.js';
import { loadRegistry } from '../load-tools.js';
import { formatDryRunLine, formatResult, formatSummary } from '../output/format-results.js';
import { colourEnabled, createPalette } from '../output/palette.js';
import { createProgressLine } from '../output/progress-line.js';
import { readModelOutput, toProcessInput } from '../read-input.js';
import { jsonOption, positiveInteger, toolModules, toolsOption } from '../shared-options.js';

export const callCommand: Command = {
  path: ['call'],
  summary: 'run the tool calls in model output and print their results',
  arguments: '[FILE|-]',
  maxPositionals: 1,
  options: {
    ...toolsOption,
    ...jsonOption,
    jsonl: {
      type: 'boolean',
      description: 'print one JSON result per line, each as soon as its call ends',
    },
    timeout: {
      type: 'string',
      valueName: '<ms>',
      description: 'time limit of one attempt of one call (default 30000)',
    },
    concurrency: {
      type: 'string',
      valueName: '<n>',
      description: 'calls running at once (default 32)',
    },
    'dry-run': {
      type: 'boolean',
      description: 'check every call (resolve, validate, guards) without running any tool',
    },
  },
  details: [
    'FILE holds what a model emitted: text with tool calls in any supported dialect, or a',
    'provider response saved as JSON. Without FILE (or with -) it is read from stdin.',
    'A tools module exports definitions made with defineTool, by name or as an array `tools`.',
    'Results are printed as the calls end (--json waits for all and prints them in input order).',
    'Colour follows the terminal, NO_COLOR and FORCE_COLOR.',
    'Exits 1 when any call failed, 2 on bad usage or input.',
    '',
    'Example:',
    '  tp call examples/model-output.txt --tools examples/tools/index.js',
  ].join('\n'),
  async run({ values, positionals, io }) {
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
  },
};

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

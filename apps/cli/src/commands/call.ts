import { createProcessor, type ProcessOptions } from '@tp/core';
import { ExitCode } from '../cli-error.js';
import type { Command } from '../command.js';
import { formatResults } from '../format-results.js';
import { loadRegistry } from '../load-tools.js';
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
    'Exits 1 when any call failed, 2 on bad usage or input.',
    '',
    'Example:',
    '  tp call examples/model-output.txt --tools examples/tools/index.js',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const modules = toolModules(values);
    const registry = await loadRegistry(modules, io.cwd);
    const timeoutMs = positiveInteger(values, 'timeout');
    const maxConcurrency = positiveInteger(values, 'concurrency');
    const text = await readModelOutput(positionals[0], io);
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
      const results = await processor.process(toProcessInput(text), options);
      io.stdout.write(
        values.json ? `${JSON.stringify(results, null, 2)}\n` : formatResults(results),
      );
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

import type { Command } from '../command.js';
import { jsonOption, toolsOption } from '../shared-options.js';

// The implementation is imported when the command runs, so `tp --help` loads none of it.
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
  run: async (input) => (await import('./call-run.js')).runCall(input),
};

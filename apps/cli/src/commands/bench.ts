import type { Command } from '../command.js';

// The implementation is imported when the command runs, so `tp --help` loads none of it.
export const benchCommand: Command = {
  path: ['bench'],
  summary: 'run the benchmarks of this tp checkout and print their tables',
  arguments: '[FILTER...]',
  maxPositionals: Number.POSITIVE_INFINITY,
  options: {
    record: {
      type: 'boolean',
      description: 'also record the run in bench/results/latest.json (the figures docs quote)',
    },
  },
  details: [
    'Runs bench/run.mjs: each suite in a fresh process, medians against a baseline measured in',
    'the same run. A FILTER keeps the suites whose file name contains it. Results go to the',
    'git-ignored bench/results/last-run.json.',
    '',
    'Example:',
    '  tp bench processor parsers',
  ].join('\n'),
  run: async (input) => (await import('./bench-run.js')).runBench(input),
};

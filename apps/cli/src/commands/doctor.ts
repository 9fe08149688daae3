import type { Command } from '../command.js';
import { jsonOption } from '../shared-options.js';

// The implementation is imported when the command runs, so `tp --help` loads none of it.
export const doctorCommand: Command = {
  path: ['doctor'],
  summary: 'check the machine and a server config: Node, tclsh, optional tools, upstream servers',
  options: {
    ...jsonOption,
    config: {
      type: 'string',
      valueName: '<file>',
      description:
        'also start this `tp serve` config once: its tools, runtimes and upstream servers',
    },
  },
  details: [
    'Each missing piece is printed with the command that installs it. Exits 1 when something',
    'required is missing or a configured upstream server or runtime is not ready.',
    '',
    'Example:',
    '  tp doctor --config apps/server/example.config.json',
  ].join('\n'),
  run: async (input) => (await import('./doctor-run.js')).runDoctor(input),
};

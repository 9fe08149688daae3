import type { Command } from '../command.js';
import { jsonOption, toolsOption } from '../shared-options.js';

// The implementation is imported when the command runs, so `tp --help` loads none of it.
export const toolsListCommand: Command = {
  path: ['tools', 'list'],
  summary: 'list the tools the --tools modules define',
  options: { ...toolsOption, ...jsonOption },
  details: 'Example:\n  tp tools list --tools examples/tools/index.js',
  run: async (input) => (await import('./tools-list-run.js')).runToolsList(input),
};

import type { Command } from '../command.js';
import { benchCommand } from './bench.js';
import { callCommand } from './call.js';
import { completionCommand } from './completion.js';
import { doctorCommand } from './doctor.js';
import { serveCommand } from './serve.js';
import { toolsListCommand } from './tools-list.js';
import { workerCommand } from './worker.js';

/**
 * Every `tp` command. To add one: write `commands/<name>.ts` exporting a Command whose `run`
 * imports `commands/<name>-run.ts` lazily, and list it here.
 */
export const commands: readonly Command[] = [
  callCommand,
  toolsListCommand,
  serveCommand,
  workerCommand,
  doctorCommand,
  benchCommand,
  completionCommand,
];

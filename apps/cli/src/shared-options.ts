import { CliError } from './cli-error.js';
import type { CommandOption, OptionValues } from './command.js';

/** Options every command that needs tools accepts. */
export const toolsOption: Readonly<Record<string, CommandOption>> = {
  tools: {
    type: 'string',
    short: 't',
    multiple: true,
    valueName: '<module>',
    description: 'ES module exporting tool definitions (repeatable)',
  },
};

export const jsonOption: Readonly<Record<string, CommandOption>> = {
  json: { type: 'boolean', description: 'print JSON for machines instead of text' },
};

/** The `--tools` values (always an array: the option is repeatable). */
export function toolModules(values: OptionValues): string[] {
  return (values.tools as string[] | undefined) ?? [];
}

/** Reads an option that must be a positive integer, naming it when it is not. */
export function positiveInteger(values: OptionValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || !(value > 0)) {
    throw new CliError(`--${name} must be a positive integer (got "${String(raw)}")`);
  }
  return value;
}

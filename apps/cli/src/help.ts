import type { Command, CommandOption } from './command.js';

const helpOption: CommandOption = { type: 'boolean', short: 'h', description: 'show this help' };

export function commandHelp(command: Command): string {
  const usage = ['tp', ...command.path, '[options]', command.arguments ?? '']
    .filter(Boolean)
    .join(' ');
  const options = Object.entries({ ...command.options, help: helpOption }).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : '    ';
    const value = option.type === 'string' ? ` ${option.valueName ?? '<value>'}` : '';
    return [`${short}--${name}${value}`, option.description] as const;
  });
  return [
    `Usage: ${usage}`,
    '',
    capitalize(command.summary),
    '',
    'Options:',
    ...columns(options),
    ...(command.details ? ['', command.details] : []),
    '',
  ].join('\n');
}

/** Help for the whole program, or for a group of commands sharing a first word (`tp tools`). */
export function overviewHelp(commands: readonly Command[], group?: string): string {
  const shown = group ? commands.filter((command) => command.path[0] === group) : commands;
  return [
    `Usage: tp ${group ? `${group} ` : ''}<command> [options]`,
    '',
    'tp runs the tool calls a language model emitted through a tool processor.',
    '',
    'Commands:',
    ...columns(shown.map((command) => [command.path.join(' '), command.summary] as const)),
    '',
    'Run "tp <command> --help" for its options.',
    'Exit codes: 0 ok, 1 a tool call failed, 2 bad usage or input, 70 internal error.',
    '',
  ].join('\n');
}

function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

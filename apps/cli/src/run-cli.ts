import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError, ExitCode } from './cli-error.js';
import type { CliIo, Command, CommandOption } from './command.js';
import { commands as builtInCommands } from './commands/index.js';
import { commandHelp, overviewHelp } from './help.js';
import { VERSION } from './version.js';

/** Runs `tp` with its arguments (without `node` and the script); resolves with the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = builtInCommands,
): Promise<number> {
  const command = select(argv, commands);
  try {
    if (!command) return overview(argv, io, commands);
    const rest = argv.slice(command.path.length);
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const max = command.maxPositionals ?? 0;
    if (positionals.length > max) {
      throw new CliError(`unexpected argument "${positionals[max]}" (see --help)`);
    }
    return await command.run({ values, positionals, io, commands });
  } catch (error) {
    if (error instanceof CliError) {
      const prefix = command ? `tp ${command.path.join(' ')}` : 'tp';
      io.stderr.write(`${prefix}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `tp: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return ExitCode.internal;
  }
}

/** The command whose words start argv, the longest match winning. */
function select(argv: readonly string[], commands: readonly Command[]): Command | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, index) => argv[index] === word);
    if (matches && command.path.length > (best?.path.length ?? 0)) best = command;
  }
  return best;
}

async function overview(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-v') {
    // @tp/core only for this line: the other paths of `tp` without a command load none of it.
    const { VERSION: CORE_VERSION } = await import('@tp/core');
    io.stdout.write(`tp ${VERSION} (@tp/core ${CORE_VERSION})\n`);
    return ExitCode.ok;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(overviewHelp(commands));
    return ExitCode.ok;
  }
  // `tp tools` (a group without its sub-command) shows the group's commands.
  const group = commands.some((command) => command.path[0] === first) ? first : undefined;
  if (group !== undefined && (argv.includes('--help') || argv.includes('-h'))) {
    io.stdout.write(overviewHelp(commands, group));
    return ExitCode.ok;
  }
  if (first === undefined || group !== undefined) {
    io.stderr.write(overviewHelp(commands, group));
    return ExitCode.usage;
  }
  const kind = first.startsWith('-') ? 'option' : 'command';
  io.stderr.write(`tp: unknown ${kind} "${first}" (run "tp --help" for the list)\n`);
  return ExitCode.usage;
}

function parse(command: Command, args: readonly string[]) {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, option] of Object.entries(command.options)) options[name] = toParseArgs(option);
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${describeParseError(error)} (see --help)`);
  }
}

/**
 * parseArgs' own messages carry advice in broken quoting (`as in '-- "--bogus"`); the unknown
 * option case gets a plain sentence, the others their first line.
 */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    if (option !== undefined) return `unknown option "${option}"`;
  }
  return message.split('\n')[0] ?? message;
}

function toParseArgs(option: CommandOption) {
  return {
    type: option.type,
    ...(option.short ? { short: option.short } : {}),
    ...(option.multiple ? { multiple: true } : {}),
  };
}

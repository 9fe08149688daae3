import { CliError, ExitCode } from '../cli-error.js';
import type { Command, CommandInput } from '../command.js';

/** `tp completion <shell>`: a completion script generated from the command descriptions. */
export async function runCompletion({ positionals, io, commands }: CommandInput): Promise<number> {
  const shell = positionals[0];
  const script: string | undefined =
    shell === 'bash'
      ? bashScript(commands)
      : shell === 'zsh'
        ? `autoload -U +X bashcompinit && bashcompinit\n${bashScript(commands)}`
        : shell === 'fish'
          ? fishScript(commands)
          : undefined;
  if (script === undefined) {
    throw new CliError(`give the shell: bash, zsh or fish (got ${shell ? `"${shell}"` : 'none'})`);
  }
  io.stdout.write(script);
  return ExitCode.ok;
}

/** What may follow a command: its positional choices, then its flags. */
const wordsAfter = (command: Command) => [
  ...(command.positionalChoices ?? []),
  ...[...Object.keys(command.options), 'help'].map((name) => `--${name}`),
];

/** The words that may follow `prefix` (a command path or the start of one). */
function nextWords(commands: readonly Command[], prefix: readonly string[]): string[] {
  const words = commands
    .filter((command) => prefix.every((word, index) => command.path[index] === word))
    .map((command) => command.path[prefix.length])
    .filter((word): word is string => word !== undefined);
  return [...new Set(words)];
}

/** Prefixes of every command path, longest first, so the most specific case matches. */
function casesOf(
  commands: readonly Command[],
): Array<{ readonly path: string; readonly words: string[] }> {
  const cases = new Map<string, string[]>();
  for (const command of commands) cases.set(command.path.join(' '), wordsAfter(command));
  for (const command of commands) {
    for (let length = 1; length < command.path.length; length++) {
      const prefix = command.path.slice(0, length);
      if (!cases.has(prefix.join(' '))) cases.set(prefix.join(' '), nextWords(commands, prefix));
    }
  }
  return [...cases.entries()]
    .sort(([a], [b]) => b.split(' ').length - a.split(' ').length)
    .map(([path, words]) => ({ path, words }));
}

function bashScript(commands: readonly Command[]): string {
  const top = [...nextWords(commands, []), '--help', '--version'];
  const lines = casesOf(commands).map(
    ({ path, words }) => `    "${path}"|"${path} "*) words="${words.join(' ')}" ;;`,
  );
  return [
    '# tp completion for bash (and zsh through bashcompinit)',
    '_tp() {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    '  local cur="${COMP_WORDS[COMP_CWORD]}" words',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    '  local line="${COMP_WORDS[*]:1:COMP_CWORD-1}"',
    '  case "$line" in',
    ...lines,
    `    *) words="${top.join(' ')}" ;;`,
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -o default -F _tp tp',
    '',
  ].join('\n');
}

function fishScript(commands: readonly Command[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# tp completion for fish'];
  for (const word of nextWords(commands, [])) {
    const summary = commands.find((command) => command.path[0] === word)?.summary ?? '';
    lines.push(`complete -c tp -n __fish_use_subcommand -a ${word} -d ${quote(summary)}`);
  }
  for (const command of commands) {
    const seen = command.path.map((word) => `__fish_seen_subcommand_from ${word}`).join('; and ');
    if (command.path.length > 1) {
      const parent = command.path.slice(0, -1).map((word) => `__fish_seen_subcommand_from ${word}`);
      lines.push(
        `complete -c tp -n ${quote(parent.join('; and '))} -a ${command.path.at(-1)} -d ${quote(command.summary)}`,
      );
    }
    if (command.positionalChoices?.length) {
      lines.push(
        `complete -c tp -n ${quote(seen)} -a ${quote(command.positionalChoices.join(' '))}`,
      );
    }
    for (const [name, option] of Object.entries(command.options)) {
      const value = option.type === 'string' ? ' -r' : '';
      lines.push(
        `complete -c tp -n ${quote(seen)} -l ${name}${value} -d ${quote(option.description)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

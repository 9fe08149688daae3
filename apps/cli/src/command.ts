import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes; the binary passes the process's, tests their own. */
export interface CliIo {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  /** A terminal (isTTY) gets colour and, on stderr, a progress line. */
  readonly stdout: Writable & { readonly isTTY?: boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean };
  readonly cwd: string;
  /** The environment (NO_COLOR, FORCE_COLOR, TERM); without it only isTTY decides colour. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Aborted when the user interrupts (Ctrl-C); long-running commands stop on it. */
  readonly signal: AbortSignal;
}

/** One option of a command, as node:util parseArgs takes it, plus its help text. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  /** Placeholder shown in help, e.g. `<ms>`. */
  readonly valueName?: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandInput {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  /** Every command of this `tp` (built-in and added), e.g. for shell completion. */
  readonly commands: readonly Command[];
}

/**
 * A `tp` command. Commands live one per file in `commands/` and are listed in
 * `commands/index.ts`; the dispatcher derives parsing, `--help` and the top-level help from this.
 */
export interface Command {
  /** The words that select it: `['call']`, `['tools', 'list']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments as shown in the usage line, e.g. `[FILE|-]`. */
  readonly arguments?: string;
  /** The values its positional argument may take, when it is one of a few words (completion). */
  readonly positionalChoices?: readonly string[];
  /** How many positional arguments it takes at most (default 0). */
  readonly maxPositionals?: number;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Extra paragraphs for `--help` (examples, notes). */
  readonly details?: string;
  /** Resolves with the process exit code. */
  run(input: CommandInput): Promise<number>;
}

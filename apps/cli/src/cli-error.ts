/** Exit codes of `tp`: documented in the README and `tp --help`. */
export const ExitCode = {
  ok: 0,
  /** At least one tool call failed (its result says why). */
  callFailed: 1,
  /** Bad command line, unreadable input, a tools module that cannot be loaded. */
  usage: 2,
  /** A bug in tp itself. */
  internal: 70,
} as const;

/** A problem the user can fix; printed as `tp: <message>` without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

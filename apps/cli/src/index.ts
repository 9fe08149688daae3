// @tp/cli: the `tp` binary. Exported for embedding and for commands added by other packages.
export { CliError, ExitCode } from './cli-error.js';
export type { CliIo, Command, CommandInput, CommandOption, OptionValues } from './command.js';
export { commands } from './commands/index.js';
export { isToolDefinition, loadRegistry, loadToolModule } from './load-tools.js';
export { runCli } from './run-cli.js';
export { VERSION } from './version.js';

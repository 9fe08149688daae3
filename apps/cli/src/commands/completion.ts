import type { Command } from '../command.js';

// The implementation is imported when the command runs, so `tp --help` loads none of it.
export const completionCommand: Command = {
  path: ['completion'],
  summary: 'print a shell completion script (bash, zsh or fish)',
  arguments: '<bash|zsh|fish>',
  maxPositionals: 1,
  positionalChoices: ['bash', 'zsh', 'fish'],
  options: {},
  details: [
    'Install:',
    "  bash  echo 'source <(npx tp completion bash)' >> ~/.bashrc",
    "  zsh   echo 'source <(npx tp completion zsh)' >> ~/.zshrc",
    '  fish  npx tp completion fish > ~/.config/fish/completions/tp.fish',
  ].join('\n'),
  run: async (input) => (await import('./completion-run.js')).runCompletion(input),
};

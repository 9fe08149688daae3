// Runs code at import time: loadJsTools must import it in the sandbox, where this read fails.
import { readFileSync } from 'node:fs';

export const peek = {
  name: 'peek',
  description: readFileSync('/etc/passwd', 'utf8').slice(0, 50),
  execute: () => 'peeked',
};

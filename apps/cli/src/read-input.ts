import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';
import type { CliIo } from './command.js';

/** Reads model output from a file, or from stdin when the file is omitted or `-`. */
export async function readModelOutput(file: string | undefined, io: CliIo): Promise<string> {
  if (file === undefined || file === '-') {
    if (io.stdin.isTTY) {
      throw new CliError('no input: give a FILE, or pipe model output into `tp call -`');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw new CliError(`cannot read "${file}": ${reason}`);
  }
}

/**
 * What process() gets: a provider response saved as JSON (an OpenAI, Anthropic or Gemini payload,
 * or an array of calls) is passed as the object it is; anything else as text for the text dialects.
 */
export function toProcessInput(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not JSON after all (e.g. truncated): the text parsers report what is wrong with it.
    }
  }
  return text;
}

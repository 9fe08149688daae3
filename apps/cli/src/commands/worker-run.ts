import { createProcessor } from '@tp/core';
import { createQueueWorker, createRedisStores } from '@tp/redis';
import { CliError, ExitCode } from '../cli-error.js';
import type { CommandInput } from '../command.js';
import { loadRegistry } from '../load-tools.js';

export const DEFAULT_QUEUE = 'tp-calls';

/** `tp worker`: runs queued calls until Ctrl-C or SIGTERM. */
export async function runWorker({ values, io }: CommandInput): Promise<number> {
  const url = values.redis;
  if (typeof url !== 'string') throw new CliError('--redis <url> is required');
  const tools = Array.isArray(values.tools) ? values.tools.map(String) : [];
  if (tools.length === 0) throw new CliError('--tools <module> is required (the tools to run)');
  let concurrency = 1;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new CliError(`--concurrency "${values.concurrency}" is not a positive integer`);
  }
  const queue = typeof values.queue === 'string' ? values.queue : DEFAULT_QUEUE;
  const registry = await loadRegistry(tools, io.cwd);
  const stores = createRedisStores({
    url,
    ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
  });
  const processor = createProcessor({ registry, stores });
  const worker = createQueueWorker({ connection: url, queue, processor, concurrency });
  io.stdout.write(
    `tp worker: running calls of queue "${queue}" (${registry.list().length} tools, concurrency ${concurrency})\n`,
  );
  await new Promise<void>((resolve) => {
    io.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  await worker.close();
  await processor.close();
  await stores.dispose();
  return ExitCode.ok;
}

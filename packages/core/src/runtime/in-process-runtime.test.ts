import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { runRuntimeConformance } from '../testing/run-runtime-conformance.js';
import { createInProcessRuntime } from './in-process-runtime.js';

runRuntimeConformance({
  name: 'in-process',
  createRuntime: createInProcessRuntime,
  fixtures: {
    echo: defineTool({
      name: 'echo',
      description: 'returns its text',
      inputSchema: z.object({ text: z.string() }),
      execute: ({ text }) => text,
    }),
    fail: defineTool({
      name: 'fail',
      description: 'always fails',
      inputSchema: z.object({ message: z.string() }),
      execute: ({ message }) => {
        throw new Error(message);
      },
    }),
    slow: defineTool({
      name: 'slow',
      description: 'waits, honouring cancellation',
      inputSchema: z.object({ ms: z.number() }),
      execute: ({ ms }, ctx) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve('done'), ms);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(ctx.signal.reason);
          });
        }),
    }),
  },
});

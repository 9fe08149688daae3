// Tools for the CLI tests: JSON Schema definitions, exported by name and in a `tools` array.
import { defineTool } from '@tp/core';

export const echo = defineTool({
  name: 'echo',
  description: 'returns its text',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
  },
  execute: ({ text }) => text,
});

const fail = defineTool({
  name: 'fail',
  namespace: 'test',
  description: 'always fails with its message',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
  execute: ({ message }) => {
    throw new Error(message);
  },
});

let active = 0;
let peak = 0;
// Reports how many calls were running at once while it waited.
const peakConcurrency = defineTool({
  name: 'peak',
  namespace: 'test',
  description: 'waits ms milliseconds and returns the most calls seen in flight at once',
  inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
  execute: async ({ ms }, ctx) => {
    active++;
    peak = Math.max(peak, active);
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      });
      return peak;
    } finally {
      active--;
    }
  },
});

export const tools = [echo, fail, peakConcurrency];

export const notATool = { name: 'helper' };

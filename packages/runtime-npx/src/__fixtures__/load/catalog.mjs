// Tool definitions as loadJsTools finds them: a default and named exports, zod or JSON schemas.
import { z } from 'zod';

export default {
  name: 'add',
  description: 'Adds a and b (b defaults to 1)',
  inputSchema: z.object({ a: z.number(), b: z.number().default(1) }),
  execute: ({ a, b }) => a + b,
};

export const upper = {
  name: 'upper',
  description: 'Upper-cases text',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  permissions: { timeMs: 1000 },
  execute: ({ text }) => text.toUpperCase(),
};

export const notATool = 42;

export function helper() {
  return 'not a tool either';
}

import { fileURLToPath } from 'node:url';
import { defineJsTool } from '../define-js-tool.js';

const file = fileURLToPath(new URL('./tools/conformance.mjs', import.meta.url));

/** The conformance suite's echo / fail / slow tools, exports of one JS file. */
export const echo = defineJsTool({
  name: 'echo',
  namespace: 'conformance',
  description: 'Returns text unchanged',
  file,
  export: 'echo',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
});

export const fail = defineJsTool({
  name: 'fail',
  namespace: 'conformance',
  description: 'Fails with the given message',
  file,
  export: 'fail',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
});

export const slow = defineJsTool({
  name: 'slow',
  namespace: 'conformance',
  description: 'Returns "done" after ms milliseconds',
  file,
  export: 'slow',
  inputSchema: { type: 'object', properties: { ms: { type: 'number' } } },
});

export const progress = defineJsTool({
  name: 'progress',
  namespace: 'conformance',
  description: 'Reports steps of progress, then returns',
  file,
  export: 'progress',
  inputSchema: { type: 'object', properties: { steps: { type: 'number' } } },
});

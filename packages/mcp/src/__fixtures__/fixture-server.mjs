// A tiny MCP server over stdio for the tests, written directly against the SDK's server package:
// echo / fail / slow / progress tools, mixed content (mixed, fail-rich), plus switches for the
// lifecycle tests.
//   FIXTURE_IGNORE_EOF=1   keep running after stdin ends (and ignore SIGTERM when =hard)
//   FIXTURE_GRANDCHILD=1   start a sleeping grandchild process (tool "grandchild-pid")
import { spawn } from 'node:child_process';
import { Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

const tools = new Map([
  [
    'described',
    {
      title: 'Described tool',
      description: 'Carries every field a tools/list entry can have',
      icons: [{ src: 'https://example.invalid/icon.png', mimeType: 'image/png', sizes: ['16x16'] }],
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { query: { type: 'string', title: 'Query' } },
      },
      annotations: { title: 'Described', readOnlyHint: true, openWorldHint: false },
      _meta: { 'example.com/owner': 'fixture' },
    },
  ],
  [
    'echo',
    {
      description: 'Returns text unchanged',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      annotations: { readOnlyHint: true },
    },
  ],
  [
    'fail',
    {
      description: 'Always fails with the message',
      inputSchema: {
        type: 'object',
        properties: { message: { type: 'string' } },
        required: ['message'],
      },
    },
  ],
  [
    'slow',
    {
      description: 'Returns "done" after ms milliseconds',
      inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
  ],
  [
    'progress',
    {
      description: 'Reports steps progress events, then returns',
      inputSchema: {
        type: 'object',
        properties: { steps: { type: 'number' }, delayMs: { type: 'number' } },
      },
    },
  ],
  ['pid', { description: 'Process ids', inputSchema: { type: 'object' } }],
  [
    'cancellations',
    {
      description: 'How many calls were cancelled by the client so far',
      inputSchema: { type: 'object' },
    },
  ],
  ['failures', { description: 'How many times fail ran so far', inputSchema: { type: 'object' } }],
  [
    'mixed',
    {
      description: 'Annotated text, image, audio, an embedded resource and a link, with _meta',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true },
    },
  ],
  [
    'fail-rich',
    {
      description: 'Fails with two content blocks and _meta',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true, idempotentHint: true },
    },
  ],
  [
    'mutate',
    {
      description: 'Changes the schema of echo (breaking) and announces list_changed',
      inputSchema: { type: 'object' },
    },
  ],
]);

let grandchild;
if (process.env.FIXTURE_GRANDCHILD) {
  grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

const server = new Server(
  { name: 'tp-fixture', version: '1.0.0' },
  { capabilities: { tools: { listChanged: true } } },
);
server.setRequestHandler('tools/list', async () => ({
  tools: [...tools].map(([name, tool]) => ({ name, ...tool })),
}));

let cancellations = 0;
let failures = 0;
// A 1×1 PNG and a WAV header: real media bytes, base64.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        cancellations++;
        clearTimeout(timer);
        reject(new Error('cancelled'));
      },
      { once: true },
    );
  });

const text = (value) => ({ content: [{ type: 'text', text: String(value) }] });

server.setRequestHandler('tools/call', async (request, ctx) => {
  const { name, arguments: args = {} } = request.params;
  switch (name) {
    case 'echo':
      return text(args.text);
    case 'described':
      return text(args.query ?? 'described');
    case 'fail':
      failures++;
      return {
        isError: true,
        content: [{ type: 'text', text: `fixture failure: ${args.message}` }],
      };
    case 'failures':
      return {
        content: [{ type: 'text', text: String(failures) }],
        structuredContent: { failures },
      };
    case 'mixed':
      return {
        content: [
          {
            type: 'text',
            text: 'five blocks follow',
            annotations: { audience: ['user'], priority: 0.9 },
          },
          {
            type: 'image',
            data: PNG,
            mimeType: 'image/png',
            annotations: { audience: ['assistant'] },
          },
          { type: 'audio', data: WAV, mimeType: 'audio/wav', _meta: { 'example.com/seconds': 0 } },
          {
            type: 'resource',
            resource: { uri: 'test://doc', mimeType: 'text/plain', text: 'embedded text' },
            annotations: { lastModified: '2026-01-01T00:00:00Z' },
          },
          {
            type: 'resource',
            resource: { uri: 'test://bin', mimeType: 'application/octet-stream', blob: 'AAEC' },
          },
          { type: 'resource_link', uri: 'test://link', name: 'link', mimeType: 'image/png' },
        ],
        structuredContent: { blocks: 6 },
        _meta: { 'example.com/trace': 'abc' },
      };
    case 'fail-rich':
      return {
        isError: true,
        content: [
          { type: 'text', text: 'quota exceeded', annotations: { priority: 1 } },
          { type: 'image', data: PNG, mimeType: 'image/png' },
        ],
        _meta: { 'example.com/quota': 0 },
      };
    case 'slow':
      await sleep(args.ms, ctx.mcpReq.signal);
      return text('done');
    case 'progress': {
      const steps = args.steps ?? 3;
      const token = request.params._meta?.progressToken;
      for (let step = 1; step <= steps; step++) {
        await sleep(args.delayMs ?? 10, ctx.mcpReq.signal);
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken: token, progress: step, total: steps, message: `step ${step}` },
          });
        }
      }
      return text(`${steps} steps`);
    }
    case 'pid':
      return {
        content: [{ type: 'text', text: 'pids' }],
        structuredContent: { pid: process.pid, grandchild: grandchild?.pid ?? null },
      };
    case 'cancellations':
      return {
        content: [{ type: 'text', text: String(cancellations) }],
        structuredContent: { cancellations },
      };
    case 'mutate':
      tools.set('echo', {
        ...tools.get('echo'),
        inputSchema: {
          type: 'object',
          properties: { text: { type: 'number' }, loud: { type: 'boolean' } },
          required: ['text', 'loud'],
        },
      });
      await server.sendToolListChanged();
      return text('mutated');
    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});

const transport = new StdioServerTransport();
if (process.env.FIXTURE_IGNORE_EOF) {
  // Misbehaving on purpose: outlive stdin EOF (and, when "hard", SIGTERM too).
  setInterval(() => {}, 1000);
  if (process.env.FIXTURE_IGNORE_EOF === 'hard') process.on('SIGTERM', () => {});
}
await server.connect(transport);

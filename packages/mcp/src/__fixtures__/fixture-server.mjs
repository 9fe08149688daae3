// A tiny MCP server over stdio for the tests, written directly against the SDK's server package:
// echo / fail / slow / progress tools, plus switches for the lifecycle tests.
//   FIXTURE_IGNORE_EOF=1   keep running after stdin ends (and ignore SIGTERM when =hard)
//   FIXTURE_GRANDCHILD=1   start a sleeping grandchild process (tool "grandchild-pid")
import { spawn } from 'node:child_process';
import { Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

const tools = new Map([
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
    case 'fail':
      return {
        isError: true,
        content: [{ type: 'text', text: `fixture failure: ${args.message}` }],
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

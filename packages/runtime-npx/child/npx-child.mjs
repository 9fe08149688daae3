// The program of one `process`-level child (plain JS: it runs without the host's build). Started by
// @tp/runtime-npx under Node's permission model, usually in a network and pid namespace, with an
// env allow-list. Requests arrive as JSON lines on stdin; replies leave as JSON lines on fd 3, so
// the tool's own stdout/stderr stay separate (the host counts them against the output limit).
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { callTool } from './tool-module.mjs';

const REPLY_FD = 3;
let current;

const write = (line) => writeSync(REPLY_FD, `${line}\n`);

async function handle(request) {
  const controller = new AbortController();
  current = { id: request.id, controller };
  const reply = await callTool(request, { callId: request.callId, signal: controller.signal });
  current = undefined;
  const id = JSON.stringify(request.id);
  if (reply.ok) write(`{"id":${id},"ok":true,"value":${reply.json}}`);
  else write(JSON.stringify({ id: request.id, ...reply }));
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const request = JSON.parse(line);
  // A cancel must reach the call that runs now, not wait behind it.
  if (request.op === 'cancel') {
    if (current?.id === request.id) current.controller.abort();
  } else queue = queue.then(() => handle(request));
});
lines.on('close', () => process.exit(0));
write(JSON.stringify({ ready: true }));

// The program of one `process`-level child (plain JS: it runs without the host's build). Started by
// @tp/runtime-npx under Node's permission model, usually in a network and pid namespace, with an
// env allow-list. Requests arrive as JSON lines on stdin; replies leave as JSON lines on fd 3, so
// the tool's own stdout/stderr stay separate (the host counts them against the output limit).
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { callTool, progressReporter } from './tool-module.mjs';

const REPLY_FD = 3;
let current;

const write = (line) => writeSync(REPLY_FD, `${line}\n`);

// The tool's ctx.signal is made on first use: an AbortController per call costs more than an echo.
function callContext(id, callId) {
  let controller;
  const control = () => {
    controller ??= new AbortController();
    return controller;
  };
  return {
    callId,
    get signal() {
      return control().signal;
    },
    cancel: () => control().abort(),
    // A progress line on fd 3 before the reply: the host passes it on while the call runs.
    reportProgress: progressReporter((update) => write(JSON.stringify({ id, progress: update }))),
  };
}

async function handle(request) {
  const ctx = callContext(request.id, request.callId);
  current = { id: request.id, cancel: ctx.cancel };
  const reply = await callTool(request, ctx);
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
    if (current?.id === request.id) current.cancel();
  } else queue = queue.then(() => handle(request));
});
lines.on('close', () => process.exit(0));
write(JSON.stringify({ ready: true }));

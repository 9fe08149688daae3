// The piscina worker of the `thread` level (trusted code): runs one call like a process child
// does, counting what the tool writes to stdout/stderr against the call's output limit.
import { callTool, progressReporter } from './tool-module.mjs';

// Stacks of compiled TypeScript point at the .ts lines (the process children get the flag).
process.setSourceMapsEnabled(true);

let written = 0;
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(done);
    return true;
  };
}

// A thread is stopped by terminating it (piscina's abort), so the tool's signal never aborts.
const signal = new AbortController().signal;

// Progress goes out on the thread level's BroadcastChannel (see src/thread/progress-channel.ts).
const channels = new Map();
function channelNamed(name) {
  let channel = channels.get(name);
  if (!channel) {
    channel = new BroadcastChannel(name);
    channel.unref();
    channels.set(name, channel);
  }
  return channel;
}

export default async function run(request) {
  written = 0;
  let progressSent = 0;
  const address = request.progress;
  const reportProgress = progressReporter((update) => {
    channelNamed(address.channel).postMessage({ key: address.key, update });
    progressSent++;
  });
  const reply = await callTool(request, { callId: request.callId, signal, reportProgress });
  const counted = progressSent === 0 ? reply : { ...reply, progressSent };
  if (written === 0) return counted;
  const bytes = written + (reply.ok ? Buffer.byteLength(reply.json) : 0);
  return bytes > request.outputBytes ? { ok: false, limit: 'output', bytes } : counted;
}

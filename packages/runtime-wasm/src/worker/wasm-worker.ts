// Entry of an isolated-mode worker thread: runs the calls the pool sends, one at a time, on warm
// instances kept in this thread. The pool terminates the thread when a call overruns its time.
import { parentPort } from 'node:worker_threads';
import type { Invocation } from '../invoke/invocation.js';
import { invoke } from '../invoke/invoke.js';
import { WarmInstances } from '../invoke/warm-instances.js';
import type { WorkerMessage } from './wasm-worker-thread.js';

const instances = new WarmInstances();
const port = parentPort;
if (!port) throw new Error('wasm-worker must run in a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);

port.on('message', async (invocation: Invocation) => {
  const outcome = await invoke(
    instances,
    invocation,
    { callTool: () => ({ tag: 'err', val: 'call-tool is not enabled for this runtime' }) },
    (phase) => post({ type: phase }),
  );
  post({ type: 'outcome', outcome });
});
post({ type: 'ready' });

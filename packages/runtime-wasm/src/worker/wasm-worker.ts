// Entry of an isolated-mode worker thread: runs the calls the pool sends, one at a time, on warm
// instances kept in this thread. The pool terminates the thread when a call overruns its time.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { ToolHost } from '../host/host-imports.js';
import type { Invocation } from '../invoke/invocation.js';
import { invoke } from '../invoke/invoke.js';
import { WarmInstances } from '../invoke/warm-instances.js';
import type { ToolCallBridge, WorkerMessage } from './wasm-worker-thread.js';

const instances = new WarmInstances();
const port = parentPort;
if (!port) throw new Error('wasm-worker must run in a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
const bridge = workerData as ToolCallBridge;
const flag = new Int32Array(bridge.flag);

/**
 * The guest's `call-tool`: a synchronous import, so the thread asks the host and sleeps until the
 * answer is on the bridge's port (the host runs the call through its processor meanwhile).
 */
const callTool: ToolHost['callTool'] = (name, input) => {
  Atomics.store(flag, 0, 0);
  post({ type: 'call-tool', name, input });
  Atomics.wait(flag, 0, 0);
  const reply = receiveMessageOnPort(bridge.port);
  return reply
    ? (reply.message as ReturnType<ToolHost['callTool']>)
    : { tag: 'err', val: 'no answer' };
};

port.on('message', async (invocation: Invocation) => {
  const outcome = await invoke(instances, invocation, { callTool }, (phase) =>
    post({ type: phase }),
  );
  post({ type: 'outcome', outcome });
});
post({ type: 'ready' });

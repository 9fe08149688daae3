// Tools that try to break out of the `process` sandbox; every one must be contained.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import inspector from 'node:inspector';
import net from 'node:net';
import { Worker } from 'node:worker_threads';

export const readPasswd = () => readFileSync('/etc/passwd', 'utf8');

export const writeFile = ({ path }) => {
  writeFileSync(path, 'escaped');
  return 'written';
};

export const spawnProcess = () => execSync('echo spawned').toString();

export const openWorker = () =>
  new Promise((resolve, reject) => {
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(1)', {
      eval: true,
    });
    worker.once('message', () => resolve('worker ran'));
    worker.once('error', reject);
  });

export const fetchUrl = async ({ url }) => (await fetch(url)).text();

export const connect = ({ port }) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end('hello');
      resolve('connected');
    });
    socket.once('error', reject);
  });

export const readEnv = ({ name }) => process.env[name] ?? null;

export const killPid = ({ pid }) => {
  process.kill(pid ?? process.ppid, 'SIGKILL');
  return 'sent';
};

export const loop = () => {
  for (;;) {}
};

export const heapBomb = () => {
  const hoard = [];
  for (;;) hoard.push(new Array(1e5).fill(Math.random()));
};

export const hugeResult = () => 'x'.repeat(10 * 1024 * 1024);

export const hugeStdout = () => {
  for (let index = 0; index < 1000; index++) process.stdout.write('y'.repeat(64 * 1024));
  return 'printed';
};

export const openInspector = () => {
  inspector.open(0, '127.0.0.1');
  return inspector.url() ?? 'no url';
};

export const echo = ({ text }) => text;

export const exit = ({ code }) => process.exit(code);

export const processBinding = () => Object.keys(process.binding('fs')).length;

export const connectPath = ({ path }) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(path, () => {
      socket.end('hello');
      resolve('connected');
    });
    socket.once('error', reject);
  });

// Keeps writing an unterminated line to the reply channel after its call returned.
export const floodReplies = () => {
  const chunk = 'z'.repeat(64 * 1024);
  setInterval(() => {
    try {
      writeSync(3, chunk);
    } catch {}
  }, 1);
  return 'flooding';
};

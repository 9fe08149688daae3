// Loads a tool's module and calls its export: shared by the process child, the thread worker and
// the in-process level, so that every level runs a tool the same way.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const loaded = new Map();

/** `{ url }` for a file tool (the URL carries a content hash), `{ dir, package }` for an npm tool. */
export function loadModule(module) {
  const key = module.url ?? `${module.dir}\0${module.package}`;
  let promise = loaded.get(key);
  if (!promise) {
    promise = module.url ? import(module.url) : requirePackage(module.dir, module.package);
    loaded.set(key, promise);
    promise.catch(() => loaded.delete(key));
  }
  return promise;
}

async function requirePackage(dir, name) {
  const require = createRequire(join(dir, 'package.json'));
  try {
    return require(name);
  } catch (error) {
    if (error?.code !== 'ERR_REQUIRE_ESM') throw error;
    return import(pathToFileURL(require.resolve(name)).href);
  }
}

/** The function a tool export stands for: a function, or a definition's `execute` / `source`. */
function callableOf(target) {
  if (typeof target === 'function') return target;
  if (typeof target?.execute === 'function') return target.execute.bind(target);
  if (typeof target?.source === 'function') return target.source;
  return undefined;
}

function exportOf(module, name) {
  if (name !== 'default') return module[name];
  return module.default ?? module;
}

/**
 * Runs one call: `{ module, export, args, positional? }`. File tools get `(args, ctx)`; npm tools
 * (`positional`) get the argument values in the order their schema lists them.
 */
export async function runExport(request, ctx) {
  const module = await loadModule(request.module);
  const target = exportOf(module, request.export);
  const fn = callableOf(target);
  if (!fn) {
    throw new TypeError(
      `export "${request.export}" is not a function or a tool definition with execute()`,
    );
  }
  if (request.positional) return fn(...request.positional.map((name) => request.args?.[name]));
  return fn(await validated(target, request.args), ctx);
}

// A definition exported with a zod (Standard) schema gets its defaults and transforms applied.
async function validated(target, args) {
  const standard = target?.inputSchema?.['~standard'];
  if (typeof standard?.validate !== 'function') return args;
  const result = await standard.validate(args);
  if (result.issues) {
    const first = result.issues[0];
    throw new TypeError(`invalid arguments: ${first?.message ?? 'rejected by the schema'}`);
  }
  return result.value;
}

/** `ctx.reportProgress` for tool code: checks the update's shape and hands it to `send`. */
export function progressReporter(send) {
  return (update) => {
    if (typeof update?.progress !== 'number') {
      throw new TypeError(
        'ctx.reportProgress takes { progress: number, total?: number, message?: string }',
      );
    }
    send({ progress: update.progress, total: update.total, message: update.message });
  };
}

/**
 * One call as a reply: `{ ok: true, json }` (the value as JSON text), `{ ok: false, error }` (what
 * the tool threw, as data) or `{ ok: false, limit: 'output', bytes }` past `request.outputBytes`.
 */
export async function callTool(request, ctx) {
  try {
    const value = await (request.op === 'describe'
      ? describeModule(request.module.url)
      : request.op === 'load'
        ? loadModule(request.module).then(() => null)
        : runExport(request, ctx));
    const json = JSON.stringify(value === undefined ? null : value);
    const bytes = Buffer.byteLength(json);
    if (bytes > request.outputBytes) return { ok: false, limit: 'output', bytes };
    return { ok: true, json };
  } catch (error) {
    return { ok: false, error: errorInfo(error) };
  }
}

function errorInfo(error) {
  if (error instanceof Error) {
    const info = { name: error.name, message: error.message, stack: error.stack };
    for (const key of ['code', 'category', 'retryable', 'details']) {
      if (error[key] !== undefined) info[key] = error[key];
    }
    return JSON.parse(JSON.stringify(info));
  }
  return { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) };
}

const metadataKeys = [
  'name',
  'namespace',
  'version',
  'description',
  'permissions',
  'timeoutMs',
  'tags',
  'sideEffect',
  'idempotent',
];

/** The tool definitions a module exports (default or named): their metadata as JSON. */
export async function describeModule(url) {
  const module = await loadModule({ url });
  const tools = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value?.name !== 'string' || !callableOf(value) || typeof value === 'function') {
      continue;
    }
    const tool = { export: name, inputSchema: jsonSchemaOf(value.inputSchema, value.name) };
    for (const key of metadataKeys) if (value[key] !== undefined) tool[key] = value[key];
    tools.push(tool);
  }
  return tools;
}

function jsonSchemaOf(schema, tool) {
  if (schema === undefined) return { type: 'object' };
  const standard = schema?.['~standard'];
  if (!standard) return schema;
  if (typeof standard.jsonSchema?.input === 'function') {
    return standard.jsonSchema.input({ target: 'draft-2020-12' });
  }
  throw new TypeError(
    `tool "${tool}": its ${standard.vendor} schema cannot be converted to JSON Schema here; export a JSON Schema or a zod >= 4.2 schema`,
  );
}

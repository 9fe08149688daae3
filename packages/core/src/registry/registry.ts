import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { DEFAULT_NAMESPACE } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { TpError } from '../errors/tp-error.js';
import { isRuntime } from '../runtime/is-runtime.js';
import { closestNames } from '../util/closest-names.js';
import { reportListenerError } from '../util/report-listener-error.js';
import { compareVersions, isPrerelease, satisfiesRange } from './version-range.js';

export interface LookupOptions {
  readonly namespace?: string;
  /**
   * An exact version or a range (`1.x`, `^1.2.0`); the highest match wins. Without one (or with
   * `latest`) the newest release wins, a prerelease only when the tool has nothing else.
   */
  readonly version?: string;
}

export type RegistryChange =
  | { readonly type: 'registered'; readonly tool: ToolDefinition }
  | { readonly type: 'unregistered'; readonly tool: ToolDefinition };

export type ResolveOutcome =
  | { readonly ok: true; readonly tool: ToolDefinition }
  | { readonly ok: false; readonly error: TpError };

export interface RegisterOptions {
  /**
   * The runtime that executes these tools (its kind must be each tool's `runtime`). A processor
   * over this registry runs them on it without being given it in `runtimes`. The registry never
   * disposes it: whoever created it does (docs/runtimes.md, "Ownership").
   */
  readonly runtime?: ToolRuntimeV1;
}

export interface ToolRegistry {
  /**
   * Adds tools bound to the runtime that executes them (`{ runtime }`), checked like the form
   * below. Several runtimes of one kind may coexist, each bound to its own tools.
   */
  register(tools: readonly ToolDefinition[], options?: RegisterOptions): void;
  /** Adds tools; a duplicate namespace + name + version is a ConfigurationError. */
  register(...tools: ToolDefinition[]): void;
  /** The runtime a registered tool was bound to at registration, if any. */
  runtimeOf(tool: ToolDefinition): ToolRuntimeV1 | undefined;
  /** Every runtime bound to a registered tool (once each). */
  runtimes(): ToolRuntimeV1[];
  /** Removes a tool (every version unless one is given); returns how many were removed. */
  unregister(name: string, options?: LookupOptions): number;
  get(name: string, options?: LookupOptions): ToolDefinition | undefined;
  /** Like get, but says why not: TOOL_NOT_FOUND with close-name suggestions, or an ambiguity. */
  resolve(name: string, options?: LookupOptions): ResolveOutcome;
  /** The newest version of every tool (optionally of one namespace). */
  list(options?: { readonly namespace?: string; readonly allVersions?: boolean }): ToolDefinition[];
  namespaces(): string[];
  /**
   * Subscribes to registrations and removals; returns the unsubscribe function. A listener that
   * throws is isolated: the others are still told, the change stands, and the error goes to
   * `onListenerError` (never back to whoever registered or unregistered).
   */
  subscribe(listener: (change: RegistryChange) => void): () => void;
  readonly defaultNamespace: string;
  readonly separator: string;
}

export interface RegistryOptions {
  readonly defaultNamespace?: string;
  /** Separates namespace and name in qualified names; default ".". */
  readonly separator?: string;
  /** Receives a subscriber's error (default: a process warning, `TpListenerError`). */
  readonly onListenerError?: (error: unknown, change: RegistryChange) => void;
}

const maxCachedLookups = 10_000;

/** Lookups can come from model output: anything but strings where strings belong finds nothing. */
function isLookup(lookup: LookupOptions): boolean {
  return (
    typeof lookup === 'object' &&
    lookup !== null &&
    (lookup.namespace === undefined || typeof lookup.namespace === 'string') &&
    (lookup.version === undefined || typeof lookup.version === 'string')
  );
}

/** Creates an independent registry (one per tenant, test or server). */
export function createRegistry(options: RegistryOptions = {}): ToolRegistry {
  const defaultNamespace = options.defaultNamespace ?? DEFAULT_NAMESPACE;
  const separator = options.separator ?? '.';
  if (typeof separator !== 'string' || separator === '') {
    throw new ConfigurationError('registry.separator', 'must be a non-empty string');
  }
  if (
    typeof defaultNamespace !== 'string' ||
    defaultNamespace === '' ||
    defaultNamespace.includes(separator)
  ) {
    throw new ConfigurationError(
      'registry.defaultNamespace',
      `must be a non-empty string without the separator "${separator}"`,
    );
  }
  // namespace -> name -> versions, newest first
  const tools = new Map<string, Map<string, ToolDefinition[]>>();
  // bare name -> namespaces holding it
  const byBareName = new Map<string, Set<string>>();
  const listeners = new Set<(change: RegistryChange) => void>();
  const resolved = new Map<string, ResolveOutcome>();
  const boundRuntimes = new Map<ToolDefinition, ToolRuntimeV1>();
  const onListenerError =
    options.onListenerError ?? ((error: unknown) => reportListenerError('a registry', error));

  const notify = (changes: readonly RegistryChange[]) => {
    resolved.clear();
    for (const change of changes) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          try {
            onListenerError(error, change);
          } catch {
            // A failing reporter must not undo or interrupt the change either.
          }
        }
      }
    }
  };

  const versionsOf = (namespace: string, name: string) => tools.get(namespace)?.get(name);

  const pick = (versions: ToolDefinition[] | undefined, range: string | undefined) => {
    if (!versions) return undefined;
    if (range === undefined || range === 'latest') {
      return versions.find((tool) => !isPrerelease(tool.version)) ?? versions[0];
    }
    return versions.find((tool) => tool.version === range || satisfiesRange(tool.version, range));
  };

  const notFound = (
    name: string,
    lookup: LookupOptions,
    extra: Record<string, unknown> = {},
  ): ResolveOutcome => {
    const qualified = [...tools.entries()].flatMap(([namespace, names]) =>
      [...names.keys()].map((toolName) => `${namespace}${separator}${toolName}`),
    );
    const bare = [...byBareName.keys()];
    // A tool of the default namespace is suggested once, by its bare name.
    const defaultPrefix = `${defaultNamespace}${separator}`;
    const canonical = (candidate: string) =>
      candidate.startsWith(defaultPrefix) ? candidate.slice(defaultPrefix.length) : candidate;
    const suggestions = [
      ...new Set([...closestNames(name, bare), ...closestNames(name, qualified)].map(canonical)),
    ].slice(0, 5);
    const where = lookup.namespace ? ` in namespace "${lookup.namespace}"` : '';
    const version = lookup.version ? ` matching version "${lookup.version}"` : '';
    const hint =
      suggestions.length > 0
        ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`
        : '';
    return {
      ok: false,
      error: new TpError({
        code: 'TOOL_NOT_FOUND',
        message: `tool "${name}"${where}${version} is not registered${hint}`,
        details: { tool: name, suggestions, ...lookup, ...extra },
      }),
    };
  };

  const resolveUncached = (name: string, lookup: LookupOptions): ResolveOutcome => {
    if (lookup.namespace !== undefined) {
      const tool = pick(versionsOf(lookup.namespace, name), lookup.version);
      return tool ? { ok: true, tool } : notFound(name, lookup);
    }
    // A qualified name: the namespace is everything before a separator (namespaces may not
    // contain the separator, names may).
    for (
      let index = name.indexOf(separator);
      index > 0;
      index = name.indexOf(separator, index + 1)
    ) {
      const tool = pick(
        versionsOf(name.slice(0, index), name.slice(index + separator.length)),
        lookup.version,
      );
      if (tool) return { ok: true, tool };
    }
    const inDefault = pick(versionsOf(defaultNamespace, name), lookup.version);
    if (inDefault) return { ok: true, tool: inDefault };
    const candidates = [...(byBareName.get(name) ?? [])]
      .map((namespace) => pick(versionsOf(namespace, name), lookup.version))
      .filter((tool): tool is ToolDefinition => tool !== undefined);
    if (candidates.length === 1) return { ok: true, tool: candidates[0]! };
    if (candidates.length > 1) {
      const qualified = candidates.map((tool) => `${tool.namespace}${separator}${tool.name}`);
      return {
        ok: false,
        error: new TpError({
          code: 'TOOL_NOT_FOUND',
          message: `tool name "${name}" is ambiguous; qualify it as one of ${qualified.map((q) => `"${q}"`).join(', ')}`,
          details: { tool: name, suggestions: qualified, ambiguous: true },
        }),
      };
    }
    return notFound(name, lookup);
  };

  const registry: ToolRegistry = {
    defaultNamespace,
    separator,
    register(...args: unknown[]) {
      const { definitions, runtime } = registerArguments(args);
      // Check them all first: a failing register() leaves the registry as it was.
      const seen = new Set<string>();
      definitions.forEach((tool, index) => {
        if (
          !tool ||
          typeof tool.name !== 'string' ||
          typeof tool.namespace !== 'string' ||
          typeof tool.schemaHash !== 'string'
        ) {
          throw new ConfigurationError(
            `registry.register(tools[${index}])`,
            'expects tool definitions made by defineTool/createToolDefinition',
          );
        }
        if (tool.namespace.includes(separator)) {
          throw new ConfigurationError(
            `tool "${tool.name}".namespace`,
            `"${tool.namespace}" contains the registry separator "${separator}"`,
          );
        }
        const key = `${tool.namespace}${separator}${tool.name}@${tool.version}`;
        const registered = versionsOf(tool.namespace, tool.name)?.some(
          (existing) => existing.version === tool.version,
        );
        if (registered || seen.has(key)) {
          throw new ConfigurationError(
            `tool "${tool.namespace}${separator}${tool.name}"`,
            `version ${tool.version} is already registered`,
          );
        }
        seen.add(key);
        if (runtime && runtime.kind !== tool.runtime) {
          throw new ConfigurationError(
            'registry.register(options.runtime)',
            `is of kind "${runtime.kind}" but tool "${tool.name}" runs on "${tool.runtime}"`,
          );
        }
      });
      for (const tool of definitions) {
        if (runtime) boundRuntimes.set(tool, runtime);
        let names = tools.get(tool.namespace);
        if (!names) tools.set(tool.namespace, (names = new Map()));
        const versions = names.get(tool.name) ?? [];
        versions.push(tool);
        versions.sort((a, b) => compareVersions(b.version, a.version));
        names.set(tool.name, versions);
        let namespaces = byBareName.get(tool.name);
        if (!namespaces) byBareName.set(tool.name, (namespaces = new Set()));
        namespaces.add(tool.namespace);
      }
      notify(definitions.map((tool) => ({ type: 'registered', tool })));
    },
    unregister(name, lookup = {}) {
      if (typeof name !== 'string' || !isLookup(lookup)) return 0;
      const outcome = resolveUncached(name, { ...lookup, version: undefined });
      if (!outcome.ok) return 0;
      const { namespace, name: toolName } = outcome.tool;
      const names = tools.get(namespace)!;
      const versions = names.get(toolName)!;
      const removed = versions.filter(
        (tool) =>
          lookup.version === undefined ||
          tool.version === lookup.version ||
          satisfiesRange(tool.version, lookup.version),
      );
      const kept = versions.filter((tool) => !removed.includes(tool));
      for (const tool of removed) boundRuntimes.delete(tool);
      if (kept.length > 0) names.set(toolName, kept);
      else {
        names.delete(toolName);
        byBareName.get(toolName)?.delete(namespace);
        if (byBareName.get(toolName)?.size === 0) byBareName.delete(toolName);
        if (names.size === 0) tools.delete(namespace);
      }
      notify(removed.map((tool) => ({ type: 'unregistered', tool })));
      return removed.length;
    },
    runtimeOf(tool) {
      return boundRuntimes.get(tool);
    },
    runtimes() {
      return [...new Set(boundRuntimes.values())];
    },
    get(name, lookup) {
      const outcome = registry.resolve(name, lookup);
      return outcome.ok ? outcome.tool : undefined;
    },
    resolve(name, lookup = {}) {
      if (typeof name !== 'string' || !isLookup(lookup)) return notFound(String(name), {});
      const key = `${lookup.namespace ?? ''}\u0000${name}\u0000${lookup.version ?? ''}`;
      let outcome = resolved.get(key);
      if (!outcome) {
        outcome = resolveUncached(name, lookup);
        // Misses are not cached (model output can invent any number of names), and hits are
        // bounded too: version ranges come from model output as well.
        if (outcome.ok) {
          if (resolved.size >= maxCachedLookups) resolved.clear();
          resolved.set(key, outcome);
        }
      }
      return outcome;
    },
    list(listOptions = {}) {
      const namespaces =
        listOptions.namespace === undefined
          ? [...tools.keys()]
          : tools.has(listOptions.namespace)
            ? [listOptions.namespace]
            : [];
      return namespaces.flatMap((namespace) =>
        [...tools.get(namespace)!.values()].flatMap((versions) =>
          listOptions.allVersions ? versions : [pick(versions, undefined)!],
        ),
      );
    },
    namespaces() {
      return [...tools.keys()].sort();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return registry;
}

/** `register(...tools)` or `register(tools, { runtime })`. */
function registerArguments(args: readonly unknown[]): {
  definitions: readonly ToolDefinition[];
  runtime: ToolRuntimeV1 | undefined;
} {
  if (!Array.isArray(args[0])) return { definitions: args as ToolDefinition[], runtime: undefined };
  if (args.length > 2) {
    throw new ConfigurationError(
      'registry.register(tools, options)',
      'takes one array of tools and one options object (or the tools as separate arguments)',
    );
  }
  const options = (args.length > 1 ? args[1] : {}) as RegisterOptions;
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('registry.register(options)', 'must be an object');
  }
  const runtime = options.runtime;
  if (runtime !== undefined && !isRuntime(runtime)) {
    throw new ConfigurationError(
      'registry.register(options.runtime)',
      'must implement the v1 runtime contract (specificationVersion "v1")',
    );
  }
  return { definitions: args[0] as ToolDefinition[], runtime };
}

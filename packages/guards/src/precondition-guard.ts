import type { GuardV1, ToolDefinition } from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity } from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface PreconditionGuardOptions extends GuardBaseOptions {
  /** Tools (bare or `namespace.name`) that must have succeeded in the request before each tool runs. */
  readonly requires?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A tool may need results of other tools first (`metadata.requires: ['auth.login']` on the
 * definition, or the `requires` option): it is refused until each has succeeded in the same
 * request. Calls in one batch declare the order with `dependsOn`.
 */
export function preconditionGuard(options: PreconditionGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('precondition', options);
  const requires = options.requires ?? {};
  const done = new RequestState<Set<string>>(() => new Set());

  // Definitions are frozen, so each tool's list is worked out once rather than on every call.
  const requirements = new WeakMap<ToolDefinition, readonly string[]>();
  const requirementsOf = (tool: ToolDefinition): readonly string[] => {
    let needed = requirements.get(tool);
    if (needed === undefined) {
      const declared = tool.metadata?.requires;
      const fromMetadata = Array.isArray(declared)
        ? declared.filter((name) => typeof name === 'string')
        : [];
      needed = [
        ...fromMetadata,
        ...(requires[`${tool.namespace}.${tool.name}`] ?? requires[tool.name] ?? []),
      ];
      requirements.set(tool, needed);
    }
    return needed;
  };
  return {
    ...identity,
    pre({ tool, context }) {
      const needed = requirementsOf(tool);
      if (needed.length === 0) return ALLOW;
      const succeeded = done.peek(context);
      const missing = needed.filter((name) => !succeeded?.has(name));
      if (missing.length === 0) return ALLOW;
      return {
        verdict: 'block',
        reason: `"${tool.name}" needs ${missing.join(', ')} to succeed first`,
        details: { missing },
      };
    },
    post({ tool, result, context, dryRun }) {
      if (result.ok && !dryRun) {
        const succeeded = done.get(context);
        succeeded.add(tool.name);
        succeeded.add(`${tool.namespace}.${tool.name}`);
      }
      return ALLOW;
    },
    endRequest: (context) => done.end(context),
  };
}

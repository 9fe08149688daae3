import { ConfigurationError, type GuardV1 } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';
import { wildcardMatcher } from './shared/wildcard.js';

export interface PerToolGuardOptions extends GuardBaseOptions {
  /** Calls per request by tool pattern: bare or `namespace.name`, `*` wildcards (`fs.*`). First match wins. */
  readonly limits: Readonly<Record<string, number>>;
  /** Limit for tools no pattern matches (default: none). */
  readonly defaultLimit?: number;
}

/** Call-count limits per tool per request (`{ 'web.search': 5, 'fs.*': 20 }`). */
export function perToolGuard(options: PerToolGuardOptions): GuardV1 {
  const identity = guardIdentity('per-tool', options);
  if (typeof options?.limits !== 'object' || options.limits === null) {
    throw new ConfigurationError(
      'per-tool.limits',
      'must be an object of tool patterns to call counts',
    );
  }
  const rules = Object.entries(options.limits).map(([pattern, limit]) => ({
    matches: wildcardMatcher([pattern]),
    limit: positiveInteger(`per-tool.limits.${pattern}`, limit, 1),
  }));
  const defaultLimit =
    options.defaultLimit === undefined
      ? undefined
      : positiveInteger('per-tool.defaultLimit', options.defaultLimit, 1);
  const counts = new RequestState<Map<string, number>>(() => new Map());

  return {
    ...identity,
    pre({ tool, context, dryRun }) {
      const qualified = `${tool.namespace}.${tool.name}`;
      const limit =
        rules.find((rule) => rule.matches(qualified) || rule.matches(tool.name))?.limit ??
        defaultLimit;
      if (limit === undefined) return ALLOW;
      const used = dryRun ? counts.peek(context) : counts.get(context);
      const count = used?.get(qualified) ?? 0;
      if (count >= limit)
        return {
          verdict: 'block',
          reason: `"${qualified}" already ran ${count} times in this request (limit ${limit})`,
        };
      if (used && !dryRun) used.set(qualified, count + 1);
      return ALLOW;
    },
    endRequest: (context) => counts.end(context),
  };
}

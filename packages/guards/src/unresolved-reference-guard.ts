import type { GuardV1, GuardVerdict } from '@tp/core';
import { ALLOW, type GuardBaseOptions, guardIdentity } from './shared/guard-options.js';
import { stringLeaves } from './shared/walk-strings.js';

export interface UnresolvedReferenceGuardOptions extends GuardBaseOptions {
  /** Also flag a value that is just `$name` / `$step.output` (default true). */
  readonly dollarVariables?: boolean;
  /** Argument names whose values legitimately hold templates (e.g. 'template', 'code'). */
  readonly ignoreKeys?: readonly string[];
}

// `${x}`, `{{ x }}`, `<USER_ID>` / `<user_id>` anywhere in a string.
const embedded =
  /\$\{[^{}\s][^{}]{0,99}\}|\{\{\s*[^{}\s][^{}]{0,99}\}\}|<[A-Z][A-Z0-9_]{1,60}>|<[a-z][a-z0-9]*(?:_[a-z0-9]+)+>/;
const wholeDollar = /^\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[\d+\])*$/;

/**
 * Catches placeholders a model left in arguments instead of real values (`${x}`, `{{x}}`,
 * `<X>`, `$x`): the call would run with a literal template.
 */
export function unresolvedReferenceGuard(options: UnresolvedReferenceGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('unresolved-reference', options);
  const dollar = options.dollarVariables ?? true;
  const ignored = new Set(options.ignoreKeys ?? []);
  return {
    ...identity,
    pre({ args }): GuardVerdict {
      for (const { text, path, key } of stringLeaves(args)) {
        if (key !== undefined && ignored.has(key)) continue;
        // Every placeholder form starts with one of three characters prose rarely has.
        if (!text.includes('$') && !text.includes('{') && !text.includes('<')) continue;
        const match =
          embedded.exec(text)?.[0] ?? (dollar && wholeDollar.test(text) ? text : undefined);
        if (match === undefined) continue;
        const placeholder = match.length > 40 ? `${match.slice(0, 40)}…` : match;
        return {
          verdict: 'block',
          reason: `${path} holds the unresolved placeholder ${placeholder}`,
          details: { path },
        };
      }
      return ALLOW;
    },
  };
}

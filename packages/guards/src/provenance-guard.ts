import type { ExecutionContext, GuardV1, GuardVerdict } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';
import { someString, stringLeaves } from './shared/walk-strings.js';

export interface ProvenanceGuardOptions extends GuardBaseOptions {
  /** Shortest string treated as a traceable value (default 8). */
  readonly minLength?: number;
  /**
   * Which argument strings must have a recorded source (default: opaque identifiers, i.e. one
   * token of letters/digits/`_-:.` with at least one digit and one letter, like `ord_8f3k29x1`).
   */
  readonly needsSource?: (text: string, path: string) => boolean;
}

export interface ProvenanceGuard extends GuardV1 {
  /** The id of the call whose result produced `value` in this request, if any. */
  sourceOf(context: ExecutionContext, value: string): string | undefined;
}

// Values remembered per request; the oldest are forgotten past it.
const MAX_VALUES = 4_096;
const MAX_VALUE_LENGTH = 512;

const opaqueId = /^(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9_\-:.]+$/;

/**
 * Records which call produced each value (strings in successful results) and warns when an
 * argument carries an identifier no earlier call produced and the caller did not supply
 * (`context.metadata.knownValues`): a hint that the model made it up.
 */
export function provenanceGuard(options: ProvenanceGuardOptions = {}): ProvenanceGuard {
  const identity = guardIdentity('provenance', options);
  const minLength = positiveInteger('provenance.minLength', options.minLength, 8);
  const needsSource = options.needsSource ?? ((text: string) => opaqueId.test(text));
  const sources = new RequestState<Map<string, string>>(() => new Map());

  const traceable = (text: string) => text.length >= minLength && text.length <= MAX_VALUE_LENGTH;
  const known = (context: ExecutionContext, text: string) => {
    const values = context.metadata.knownValues;
    return Array.isArray(values) && values.includes(text);
  };

  return {
    ...identity,
    pre({ args, context }): GuardVerdict {
      const recorded = sources.peek(context);
      for (const { text, path } of stringLeaves(args)) {
        if (!traceable(text) || !needsSource(text, path)) continue;
        if (recorded?.has(text) || known(context, text)) continue;
        return {
          verdict: 'warn',
          reason: `${path} carries an identifier no earlier call produced`,
          details: { path },
        };
      }
      return ALLOW;
    },
    post({ call, result, context }) {
      if (!result.ok) return ALLOW;
      const recorded = sources.get(context);
      someString(result.value, (text) => {
        if (traceable(text) && !recorded.has(text)) {
          if (recorded.size >= MAX_VALUES) recorded.delete(recorded.keys().next().value as string);
          recorded.set(text, call.id);
        }
        return false;
      });
      return ALLOW;
    },
    endRequest: (context) => sources.end(context),
    sourceOf: (context, value) => sources.peek(context)?.get(value),
  };
}

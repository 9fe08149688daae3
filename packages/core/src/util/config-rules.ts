/**
 * Declarative checks for option objects: enough to validate a config and name its first bad
 * field without a schema library (which would cost every import of core its load time).
 * A rule returns undefined when the value is acceptable, otherwise the problem: the path of the
 * bad field below the value checked, and what is wrong with it.
 */
export interface ConfigProblem {
  readonly path: readonly string[];
  readonly message: string;
}

export type ConfigRule = (value: unknown) => ConfigProblem | undefined;

/** A single value: acceptable when `accepts` says so. */
export function leaf(accepts: (value: unknown) => boolean, message: string): ConfigRule {
  const problem: ConfigProblem = { path: [], message };
  return (value) => (accepts(value) ? undefined : problem);
}

/** One of a few literal values (an enum). */
export function oneOf(values: readonly unknown[]): ConfigRule {
  return leaf((value) => values.includes(value), `must be one of ${describe(values)}`);
}

export function optional(rule: ConfigRule): ConfigRule {
  return (value) => (value === undefined ? undefined : rule(value));
}

/**
 * An object with these fields (each rule sees `undefined` for a missing field: wrap optional ones
 * in `optional`). Strict by default: an unknown key is a problem named by the key itself.
 */
export function object(
  fields: Readonly<Record<string, ConfigRule>>,
  { strict = true }: { readonly strict?: boolean } = {},
): ConfigRule {
  return (value) => {
    if (!isPlainObject(value)) return notAnObject;
    if (strict) {
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(fields, key)) return { path: [key], message: 'is not a known option' };
      }
    }
    for (const key in fields) {
      const problem = fields[key]!(value[key]);
      if (problem) return below(key, problem);
    }
    return undefined;
  };
}

/** An object whose every value follows `rule` (keys are free: tool names, globs). */
export function record(rule: ConfigRule): ConfigRule {
  return (value) => {
    if (!isPlainObject(value)) return notAnObject;
    for (const key of Object.keys(value)) {
      const problem = rule(value[key]);
      if (problem) return below(key, problem);
    }
    return undefined;
  };
}

/** One of a few literal values (`false`, `'open'`), or an object that `rule` checks. */
export function literalOrObject(literals: readonly unknown[], rule: ConfigRule): ConfigRule {
  const problem: ConfigProblem = {
    path: [],
    message: `must be ${describe(literals)} or an object`,
  };
  return (value) =>
    literals.includes(value) ? undefined : isPlainObject(value) ? rule(value) : problem;
}

const notAnObject: ConfigProblem = { path: [], message: 'must be an object' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function below(key: string, problem: ConfigProblem): ConfigProblem {
  return { path: [key, ...problem.path], message: problem.message };
}

function describe(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

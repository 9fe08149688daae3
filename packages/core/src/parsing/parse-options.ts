import type { ToolCallDialectV1 } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ParseOptions } from './parser.js';

/**
 * The parser options of `options` (createProcessor's defaults or one process() call's), checked:
 * a configuration mistake names its field instead of surfacing as odd parse results.
 */
export function pickParseOptions(options: ParseOptions | undefined, where: string): ParseOptions {
  if (!options) return {};
  const picked: { -readonly [Key in keyof ParseOptions]: ParseOptions[Key] } = {};
  const { dialects, maxTextLength, maxIssues } = options;
  if (dialects !== undefined) {
    if (!Array.isArray(dialects)) {
      throw new ConfigurationError(`${where}.dialects`, 'must be an array of dialects');
    }
    for (const [index, dialect] of dialects.entries()) {
      checkDialect(dialect, `${where}.dialects[${index}]`);
    }
    picked.dialects = dialects;
  }
  for (const [name, value] of [
    ['maxTextLength', maxTextLength],
    ['maxIssues', maxIssues],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(`${where}.${name}`, 'must be a positive integer');
    }
    picked[name] = value;
  }
  return picked;
}

/** A dialect of contract v1, or a CONFIGURATION_ERROR naming the field that is wrong. */
function checkDialect(dialect: ToolCallDialectV1, field: string): void {
  const valid =
    typeof dialect === 'object' &&
    dialect !== null &&
    typeof dialect.name === 'string' &&
    (typeof dialect.readText === 'function' || typeof dialect.readValue === 'function');
  if (!valid) {
    throw new ConfigurationError(
      field,
      'must be a dialect: { specificationVersion: "v1", name, readText?(text, reader), readValue?(value, reader) }',
    );
  }
  if (dialect.specificationVersion !== 'v1') {
    const given = (dialect as { specificationVersion?: unknown }).specificationVersion;
    throw new ConfigurationError(
      `${field}.specificationVersion`,
      given === undefined
        ? `dialect "${dialect.name}" must declare the contract it implements: specificationVersion: "v1"`
        : `dialect "${dialect.name}" implements contract ${JSON.stringify(given)}; this version of @tp/core supports "v1"`,
    );
  }
}

import type { JsonSchema, ToolDefinition } from '@tp/core';

export interface ToolSchemaSnapshot {
  readonly schemaHash: string;
  readonly inputSchema: JsonSchema;
}

/** Remote tool name -> its schema when last accepted. */
export type ServerSnapshot = Readonly<Record<string, ToolSchemaSnapshot>>;

/** Where accepted tool schemas are kept between runs (file-based by default). */
export interface SchemaSnapshotStore {
  load(server: string): Promise<ServerSnapshot | undefined>;
  save(server: string, snapshot: ServerSnapshot): Promise<void>;
}

export interface ToolDrift {
  readonly tool: string;
  readonly breaking: boolean;
  readonly reasons: readonly string[];
}

export interface DriftReport {
  readonly server: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ToolDrift[];
  /** True when a removal or a breaking change is among them. */
  readonly breaking: boolean;
}

export function snapshotOf(
  tools: ReadonlyArray<{ remote: string; definition: ToolDefinition }>,
): ServerSnapshot {
  const snapshot: Record<string, ToolSchemaSnapshot> = {};
  for (const { remote, definition } of tools) {
    snapshot[remote] = { schemaHash: definition.schemaHash, inputSchema: definition.inputSchema };
  }
  return snapshot;
}

type Properties = Record<string, { type?: unknown } | undefined>;

function propertiesOf(schema: JsonSchema): Properties {
  return ((schema as { properties?: Properties }).properties ?? {}) as Properties;
}

function requiredOf(schema: JsonSchema): Set<string> {
  const required = (schema as { required?: unknown }).required;
  return new Set(Array.isArray(required) ? (required as string[]) : []);
}

/** Why a new input schema would reject calls the old one accepted (empty when it would not). */
export function breakingReasons(before: JsonSchema, after: JsonSchema): string[] {
  const reasons: string[] = [];
  const oldProperties = propertiesOf(before);
  const newProperties = propertiesOf(after);
  const oldRequired = requiredOf(before);
  for (const name of requiredOf(after)) {
    if (!oldRequired.has(name)) reasons.push(`"${name}" is newly required`);
  }
  for (const [name, schema] of Object.entries(oldProperties)) {
    const next = newProperties[name];
    if (!next) {
      if ((after as { additionalProperties?: unknown }).additionalProperties === false) {
        reasons.push(`"${name}" was removed`);
      }
      continue;
    }
    if (JSON.stringify(schema?.type) !== JSON.stringify(next.type)) {
      reasons.push(
        `"${name}" changed type from ${JSON.stringify(schema?.type)} to ${JSON.stringify(next.type)}`,
      );
    }
  }
  return reasons;
}

export function diffSnapshots(
  server: string,
  before: ServerSnapshot,
  after: ServerSnapshot,
): DriftReport {
  const added = Object.keys(after).filter((tool) => !(tool in before));
  const removed = Object.keys(before).filter((tool) => !(tool in after));
  const changed: ToolDrift[] = [];
  for (const [tool, now] of Object.entries(after)) {
    const then = before[tool];
    if (!then || then.schemaHash === now.schemaHash) continue;
    const reasons = breakingReasons(then.inputSchema, now.inputSchema);
    changed.push({ tool, breaking: reasons.length > 0, reasons });
  }
  return {
    server,
    added,
    removed,
    changed,
    breaking: removed.length > 0 || changed.some((change) => change.breaking),
  };
}

export function hasDrift(report: DriftReport): boolean {
  return report.added.length + report.removed.length + report.changed.length > 0;
}

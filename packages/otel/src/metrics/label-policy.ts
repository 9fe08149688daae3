import { ConfigurationError } from '@tp/core';

/** How many tools get labels of their own; the rest share the overflow bucket. */
export interface ToolLabelPolicy {
  /** Distinct (namespace, tool) pairs labelled as themselves, first come first served (default 100). */
  readonly maxTools?: number;
  /** Tools (`namespace.name` or bare names of the default namespace) always labelled as themselves. */
  readonly always?: readonly string[];
}

export const DEFAULT_MAX_TOOL_LABELS = 100;
/** The tool and namespace label of every tool past the bound. */
export const OVERFLOW_LABEL = '_overflow';

export interface ToolLabels {
  readonly tool: string;
  readonly namespace: string;
}

/** Maps (namespace, tool) to its labels, keeping at most `maxTools` distinct pairs (plus `always`). */
export function toolLabeler(
  policy: ToolLabelPolicy = {},
): (namespace: string, tool: string) => ToolLabels {
  const maxTools = policy.maxTools ?? DEFAULT_MAX_TOOL_LABELS;
  if (!(Number.isInteger(maxTools) && maxTools >= 0)) {
    throw new ConfigurationError('toolLabels.maxTools', 'must be a non-negative integer');
  }
  const always = new Set(policy.always ?? []);
  const overflow: ToolLabels = { tool: OVERFLOW_LABEL, namespace: OVERFLOW_LABEL };
  const known = new Map<string, ToolLabels>();
  let counted = 0;
  return (namespace, tool) => {
    const key = `${namespace}.${tool}`;
    let labels = known.get(key);
    if (labels) return labels;
    const pinned = always.has(key) || (namespace === 'default' && always.has(tool));
    if (!pinned && counted >= maxTools) return overflow;
    if (!pinned) counted++;
    labels = { tool, namespace };
    known.set(key, labels);
    return labels;
  };
}

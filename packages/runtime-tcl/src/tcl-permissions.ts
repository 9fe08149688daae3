import { ConfigurationError, type PermissionKey, type ToolDefinition } from '@tp/core';
import type { ResolvedTclLimits } from './tcl-limits.js';

/**
 * What the Tcl runtime enforces of a permissions manifest: never fs, net, env or spawn (the safe
 * interpreter has none of them, so a grant cannot be honoured); timeMs and outputBytes per call;
 * memoryMb as the worker's ceiling, when one is set. cpuMs is not enforced.
 */
export function tclEnforces(limits: ResolvedTclLimits): PermissionKey[] {
  return limits.memoryMb > 0 ? ['timeMs', 'outputBytes', 'memoryMb'] : ['timeMs', 'outputBytes'];
}

const limitOf = { timeMs: 'timeMs', outputBytes: 'outputBytes', memoryMb: 'memoryMb' } as const;

/**
 * Refuses a tool whose limits ask for more than this runtime allows: the runtime's limits are the
 * upper bound. (timeMs and outputBytes below it tighten the tool's calls; memoryMb is per worker.)
 */
export function checkToolLimits(definition: ToolDefinition, limits: ResolvedTclLimits): void {
  const permissions = definition.permissions;
  if (!permissions) return;
  for (const key of Object.keys(limitOf) as (keyof typeof limitOf)[]) {
    const asked = permissions[key];
    if (asked !== undefined && limits[key] > 0 && asked > limits[key]) {
      throw new ConfigurationError(
        `tool "${definition.name}".permissions.${key}`,
        `asks for ${asked}, above this Tcl runtime's limit of ${limits[key]} (limits.${key})`,
      );
    }
  }
}

/** The limits of one call of the tool: its own timeMs and outputBytes when tighter. */
export function callLimits(
  definition: ToolDefinition,
  limits: ResolvedTclLimits,
): ResolvedTclLimits {
  const permissions = definition.permissions;
  if (permissions?.timeMs === undefined && permissions?.outputBytes === undefined) return limits;
  return {
    ...limits,
    timeMs: Math.min(limits.timeMs, permissions.timeMs ?? limits.timeMs),
    outputBytes: Math.min(limits.outputBytes, permissions.outputBytes ?? limits.outputBytes),
  };
}

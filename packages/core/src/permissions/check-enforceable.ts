import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { AcceptWeakerPermissions } from './accepted-weaker-permissions.js';
import { declaredPermissions } from './declared-permissions.js';

/**
 * Throws a ConfigurationError naming the first field of the tool's permissions that its runtime
 * does not enforce (`capabilities().enforces`) and the operator did not accept for that runtime
 * kind. Called once per tool, before the runtime loads it.
 */
export function checkEnforceable(
  tool: ToolDefinition,
  runtime: ToolRuntimeV1,
  accept: AcceptWeakerPermissions,
): void {
  const declared = declaredPermissions(tool.permissions);
  if (declared.length === 0) return;
  const capabilities = runtime.capabilities();
  const enforced = capabilities.enforces ?? [];
  const accepted = accept[runtime.kind];
  for (const key of declared) {
    if (enforced.includes(key) || accepted === true || accepted?.includes(key)) continue;
    throw new ConfigurationError(
      `tool "${tool.name}".permissions.${key}`,
      `the "${runtime.kind}" runtime (isolation "${capabilities.isolation}") cannot enforce it` +
        ` (it enforces: ${enforced.length > 0 ? enforced.join(', ') : 'nothing'}); remove it, or` +
        ` accept weaker enforcement with createProcessor({ acceptWeakerPermissions: { '${runtime.kind}': ['${key}'] } })`,
    );
  }
}

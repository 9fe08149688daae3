import {
  PERMISSION_KEYS,
  type PermissionKey,
} from '../contracts/permissions/v1/tool-permissions-v1.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Per runtime kind, the permission fields the operator accepts a runtime cannot enforce: `true`
 * for all of them, or a list of keys. Accepting means the tool loads and the field is not
 * enforced by that runtime (docs/permissions.md).
 */
export type AcceptWeakerPermissions = Readonly<Record<string, true | readonly PermissionKey[]>>;

/** Validates the processor option; every problem names its field. */
export function checkAcceptWeakerPermissions(value: unknown): AcceptWeakerPermissions {
  const field = 'acceptWeakerPermissions';
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(
      field,
      'must map runtime kinds to true or a list of permission keys',
    );
  }
  for (const [kind, accepted] of Object.entries(value)) {
    if (accepted === true) continue;
    if (!Array.isArray(accepted)) {
      throw new ConfigurationError(`${field}.${kind}`, 'must be true or a list of permission keys');
    }
    for (const [index, key] of accepted.entries()) {
      if (!PERMISSION_KEYS.includes(key)) {
        throw new ConfigurationError(
          `${field}.${kind}[${index}]`,
          `${JSON.stringify(key)} is not a permission key (one of ${PERMISSION_KEYS.join(', ')})`,
        );
      }
    }
  }
  return value as AcceptWeakerPermissions;
}

import type {
  PermissionKey,
  ToolPermissionsV1,
} from '../contracts/permissions/v1/tool-permissions-v1.js';

/**
 * The fields a manifest actually uses: non-empty grant lists, `spawn: true`, and every limit set.
 * An empty list or `spawn: false` grants nothing, so any runtime honours it.
 */
export function declaredPermissions(permissions: ToolPermissionsV1 | undefined): PermissionKey[] {
  if (!permissions) return [];
  const declared: PermissionKey[] = [];
  const grants: [PermissionKey, readonly string[] | undefined][] = [
    ['fs.read', permissions.fs?.read],
    ['fs.write', permissions.fs?.write],
    ['net.connect', permissions.net?.connect],
    ['env', permissions.env],
  ];
  for (const [key, list] of grants) if (list && list.length > 0) declared.push(key);
  if (permissions.spawn === true) declared.push('spawn');
  for (const key of ['timeMs', 'cpuMs', 'memoryMb', 'outputBytes'] as const) {
    if (permissions[key] !== undefined) declared.push(key);
  }
  return declared;
}

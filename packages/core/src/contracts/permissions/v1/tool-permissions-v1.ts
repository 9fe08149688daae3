/**
 * Permissions manifest v1: what a tool may reach and how much it may use. Default deny-all: an
 * absent field grants nothing (and sets no limit of the tool's own; the runtime's limits apply).
 * A runtime that cannot enforce a field a tool declares refuses the tool (docs/permissions.md).
 */
export interface ToolPermissionsV1 {
  readonly fs?: {
    /** Paths (or glob patterns) the tool may read. */
    readonly read?: readonly string[];
    /** Paths (or glob patterns) the tool may write. */
    readonly write?: readonly string[];
  };
  readonly net?: {
    /** `host[:port]` patterns the tool may connect to (`*.example.com`, `api.example.com:443`). */
    readonly connect?: readonly string[];
  };
  /** Names of environment variables the tool may read. */
  readonly env?: readonly string[];
  /** Whether the tool may start processes. */
  readonly spawn?: boolean;
  /** Wall time of one call in ms. */
  readonly timeMs?: number;
  /** CPU time of one call in ms. */
  readonly cpuMs?: number;
  /** Memory ceiling in MiB. */
  readonly memoryMb?: number;
  /** Bytes of output (result, stdout, stderr) one call may produce. */
  readonly outputBytes?: number;
}

/** Every field of the manifest a runtime may enforce, as `capabilities().enforces` lists them. */
export const PERMISSION_KEYS = [
  'fs.read',
  'fs.write',
  'net.connect',
  'env',
  'spawn',
  'timeMs',
  'cpuMs',
  'memoryMb',
  'outputBytes',
] as const;

export type PermissionKey = (typeof PERMISSION_KEYS)[number];

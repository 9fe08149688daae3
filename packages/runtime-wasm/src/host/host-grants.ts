/**
 * What one tool's guest may reach, resolved on the host before each call and sent (as plain data)
 * to wherever the guest runs. Everything not listed is denied.
 */
export interface HostGrants {
  /** The environment the guest sees: only the variables its permissions name that are set. */
  readonly env: readonly (readonly [string, string])[];
  /** wasi:clocks (wall and monotonic). */
  readonly clocks: boolean;
  /** wasi:random (secure and insecure). */
  readonly random: boolean;
  /**
   * Host directories preopened under their own absolute path: `permissions.fs.read` read-only,
   * `permissions.fs.write` read-write.
   */
  readonly preopens: readonly Preopen[];
}

export interface Preopen {
  readonly path: string;
  readonly write: boolean;
}

export const DENY_ALL: HostGrants = Object.freeze({
  env: [],
  clocks: false,
  random: false,
  preopens: [],
});

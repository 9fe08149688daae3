import type { HostGrants } from '../host/host-grants.js';
import type { ToolAbi } from './tool-abi.js';

/** Which component and export one call runs, as plain data (it crosses to worker threads). */
export interface ToolTarget {
  /** The transpiled component's folder (see transpileCached). */
  readonly dir: string;
  /** Memory cap of every core module, in 64 KiB pages. */
  readonly maxPages: number;
  readonly abi: ToolAbi;
}

export interface Invocation {
  readonly target: ToolTarget;
  /**
   * The target's core modules compiled by the host, sent with a worker thread's first call of
   * the target so that the thread need not compile them again (compiled code is shared).
   */
  readonly modules?: Readonly<Record<string, WebAssembly.Module>>;
  readonly grants: HostGrants;
  readonly outputBytes: number;
  readonly args: unknown;
}

/** Output the guest produced besides its value. */
export interface GuestOutput {
  readonly logs: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
}

export type FailureKind = 'exit' | 'denied' | 'output' | 'trap' | 'guest-error' | 'bad-output';

export type Outcome =
  | ({ readonly ok: true; readonly value: unknown } & GuestOutput)
  | ({
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      readonly details: Readonly<Record<string, unknown>>;
    } & GuestOutput);

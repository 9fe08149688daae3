import type { HostGrants } from '../host/host-grants.js';
import type { WitFunction } from '../wit/wit-type.js';

/** How a tool's arguments reach the component and its answer comes back. */
export type ToolAbi =
  /** The tp world: `call(json) -> result<json, string>`. */
  | { readonly kind: 'tp' }
  /** The tp world's `describe()`, read at load. */
  | { readonly kind: 'describe' }
  /** Any exported function: arguments lowered from JSON by its WIT types, its result lifted back. */
  | { readonly kind: 'typed'; readonly function: WitFunction };

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

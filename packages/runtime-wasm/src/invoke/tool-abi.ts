import type { WitFunction } from '../wit/wit-type.js';

/** How a tool's arguments reach the component and its answer comes back. */
export type ToolAbi =
  /** The tp world: `call(json) -> result<json, string>`. */
  | { readonly kind: 'tp' }
  /** The tp world's `describe()`, read at load. */
  | { readonly kind: 'describe' }
  /** Any exported function: arguments lowered from JSON by its WIT types, its result lifted back. */
  | { readonly kind: 'typed'; readonly function: WitFunction };

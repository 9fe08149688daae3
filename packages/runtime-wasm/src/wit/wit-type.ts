/** A WIT value type, resolved from a component (plain data: it crosses to worker threads). */
export type WitType =
  | { readonly kind: WitPrimitive }
  | { readonly kind: 'list' | 'option'; readonly of: WitType }
  | { readonly kind: 'result'; readonly ok?: WitType; readonly err?: WitType }
  | { readonly kind: 'tuple'; readonly of: readonly WitType[] }
  | { readonly kind: 'record'; readonly fields: readonly WitField[] }
  | { readonly kind: 'variant'; readonly cases: readonly WitCase[] }
  | { readonly kind: 'enum' | 'flags'; readonly names: readonly string[] };

export interface WitField {
  readonly name: string;
  readonly type: WitType;
}

export interface WitCase {
  readonly name: string;
  readonly type?: WitType;
}

export const WIT_PRIMITIVES = [
  'bool',
  's8',
  's16',
  's32',
  's64',
  'u8',
  'u16',
  'u32',
  'u64',
  'f32',
  'f64',
  'char',
  'string',
] as const;

export type WitPrimitive = (typeof WIT_PRIMITIVES)[number];

/** An exported function of a component with its WIT signature. */
export interface WitFunction {
  /** The WIT name (`count-flags`). */
  readonly name: string;
  /** The exported interface it belongs to (`tp:rich/shapes`), none for a world-level export. */
  readonly interface?: string;
  readonly params: readonly WitField[];
  readonly result?: WitType;
}

/** A type the JSON mapping cannot carry (resources, handles, streams, futures, foreign aliases). */
export class UnmappableType extends Error {}

/** jco's JavaScript name of a WIT name: `count-flags` → `countFlags`. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/gi, (_, char: string) => char.toUpperCase());
}

import { readSexprs, type Sexpr } from './sexpr.js';
import {
  UnmappableType,
  WIT_PRIMITIVES,
  type WitField,
  type WitFunction,
  type WitType,
} from './wit-type.js';

type List = { readonly list: Sexpr[] };

const isList = (node: Sexpr | undefined): node is List => node !== undefined && 'list' in node;
const atomOf = (node: Sexpr | undefined) => (node && 'atom' in node ? node.atom : undefined);
const stringOf = (node: Sexpr | undefined) => (node && 'string' in node ? node.string : undefined);
const headOf = (node: Sexpr | undefined) => (isList(node) ? atomOf(node.list[0]) : undefined);
const indexOf = (items: readonly Sexpr[]) =>
  (items.find((item) => 'index' in item) as { index: number } | undefined)?.index;
const childrenNamed = (items: readonly Sexpr[], head: string) =>
  items.filter((item): item is List => headOf(item) === head);

/**
 * The exported functions of a component with their WIT types, read from its text form
 * (`wasm-tools print`): world-level function exports and the functions of exported interfaces
 * (found through the canonical ABI names of the core exports they lift, `interface#function`).
 * A function whose types cannot be mapped to JSON is reported with the reason, not dropped.
 */
export function componentFunctions(text: string): (WitFunction | UnmappableFunction)[] {
  const component = readSexprs(text).find((node) => headOf(node) === 'component');
  if (!isList(component)) throw new Error('not a component');
  const space = new TypeSpace();
  const coreNames = new Map<string, string>();
  const lifted = new Map<string, { type: Sexpr; core: string }>();
  const exports: { name: string; kind: 'func' | 'instance'; ref: string }[] = [];
  for (const form of component.list.slice(1)) {
    if (!isList(form)) continue;
    const items = form.list;
    switch (headOf(form)) {
      case 'type':
        space.define(items);
        break;
      case 'import':
      case 'alias': {
        const type = childrenNamed(items, 'type')[0];
        if (type)
          space.opaque(type.list, `${headOf(form)} ${stringOf(items[items.length - 2]) ?? ''}`);
        const core = childrenNamed(items, 'core')[0];
        const name = items.find((item) => 'string' in item);
        if (core && headOf({ list: core.list.slice(1) }) === 'func' && name) {
          const id = atomOf(core.list[2]);
          if (id) coreNames.set(id, stringOf(name) as string);
        }
        break;
      }
      case 'func': {
        const type = childrenNamed(items, 'type')[0]?.list[1];
        const lift = childrenNamed(items, 'canon')[0];
        const coreRef = lift && childrenNamed(lift.list, 'core')[0];
        if (!type || !coreRef) break;
        const entry = { type, core: coreNames.get(atomOf(coreRef.list[2]) ?? '') ?? '' };
        const id = atomOf(items[1]);
        if (id?.startsWith('$')) lifted.set(id, entry);
        const index = indexOf(items);
        if (index !== undefined) lifted.set(String(index), entry);
        break;
      }
      case 'export': {
        const name = stringOf(items.find((item) => 'string' in item));
        const target = items[items.length - 1];
        const kind = headOf(target);
        if (name === undefined || !isList(target)) break;
        if (kind === 'type') space.alias(items, target.list[1]);
        if (kind === 'func' || kind === 'instance') {
          exports.push({ name, kind, ref: atomOf(target.list[1]) ?? '' });
        }
        break;
      }
    }
  }
  const functions: (WitFunction | UnmappableFunction)[] = [];
  const add = (name: string, entry: { type: Sexpr }, iface?: string) => {
    try {
      functions.push({
        name,
        ...(iface ? { interface: iface } : {}),
        ...space.signature(entry.type),
      });
    } catch (error) {
      if (!(error instanceof UnmappableType)) throw error;
      functions.push({ name, ...(iface ? { interface: iface } : {}), unmappable: error.message });
    }
  };
  for (const exported of exports) {
    if (exported.kind === 'func') {
      const entry = lifted.get(exported.ref);
      if (entry) add(exported.name, entry);
      continue;
    }
    for (const entry of lifted.values()) {
      if (entry.core.startsWith(`${exported.name}#`)) {
        const name = entry.core.slice(exported.name.length + 1);
        if (!functions.some((known) => known.name === name && known.interface === exported.name)) {
          add(name, entry, exported.name);
        }
      }
    }
  }
  return functions;
}

/** An exported function with a type the JSON mapping cannot carry, and why. */
export interface UnmappableFunction {
  readonly name: string;
  readonly interface?: string;
  readonly unmappable: string;
}

/** The component's type index space: definitions, opaque imports and aliases, by index and id. */
class TypeSpace {
  private readonly byRef = new Map<string, Sexpr | { opaque: string }>();

  define(items: readonly Sexpr[]): void {
    const body = items[items.length - 1];
    if (body) this.set(items, body);
  }

  opaque(items: readonly Sexpr[], what: string): void {
    this.set(items, { opaque: what });
  }

  /** `(export (;N;) "name" (type M))`: N is M. */
  alias(items: readonly Sexpr[], target: Sexpr | undefined): void {
    const found = target && this.byRef.get(refOf(target));
    if (found) this.set(items, found);
  }

  private set(items: readonly Sexpr[], value: Sexpr | { opaque: string }): void {
    const index = indexOf(items);
    if (index !== undefined) this.byRef.set(String(index), value);
    const id = items.map(atomOf).find((atom) => atom?.startsWith('$'));
    if (id) this.byRef.set(id, value);
  }

  signature(ref: Sexpr): Pick<WitFunction, 'params' | 'result'> {
    const func = this.definition(ref);
    if (headOf(func) !== 'func') throw new UnmappableType('not a function type');
    const items = (func as List).list;
    const params: WitField[] = childrenNamed(items, 'param').map((param) => ({
      name: stringOf(param.list[1]) as string,
      type: this.resolve(param.list[2]),
    }));
    const result = childrenNamed(items, 'result')[0]?.list[1];
    return { params, ...(result ? { result: this.resolve(result) } : {}) };
  }

  private definition(ref: Sexpr): Sexpr {
    if (isList(ref)) return ref;
    const found = this.byRef.get(refOf(ref));
    if (!found) throw new UnmappableType(`unknown type ${refOf(ref)}`);
    if ('opaque' in found) {
      throw new UnmappableType(`a type defined outside the component (${found.opaque.trim()})`);
    }
    return found;
  }

  resolve(ref: Sexpr | undefined): WitType {
    if (ref === undefined) throw new UnmappableType('a missing type');
    const atom = atomOf(ref);
    if (atom && (WIT_PRIMITIVES as readonly string[]).includes(atom)) {
      return { kind: atom as WitType['kind'] } as WitType;
    }
    const def = this.definition(ref) as List;
    const items = def.list.slice(1);
    const head = headOf(def);
    switch (head) {
      case 'list':
        return { kind: head, of: this.resolve(items[0]) };
      case 'option': {
        const of = this.resolve(items[0]);
        // jco gives an inner option another shape, and JSON null could not tell the two apart.
        if (of.kind === 'option') throw new UnmappableType('option<option<…>> has no JSON form');
        return { kind: head, of };
      }
      case 'tuple':
        return { kind: 'tuple', of: items.map((item) => this.resolve(item)) };
      case 'result': {
        const error = childrenNamed(items, 'error')[0];
        const ok = items.find((item) => headOf(item) !== 'error');
        return {
          kind: 'result',
          ...(ok ? { ok: this.resolve(ok) } : {}),
          ...(error ? { err: this.resolve(error.list[1]) } : {}),
        };
      }
      case 'record':
        return {
          kind: 'record',
          fields: childrenNamed(items, 'field').map((field) => ({
            name: stringOf(field.list[1]) as string,
            type: this.resolve(field.list[2]),
          })),
        };
      case 'variant':
        return {
          kind: 'variant',
          cases: childrenNamed(items, 'case').map((entry) => ({
            name: stringOf(entry.list[1]) as string,
            ...(entry.list[2] ? { type: this.resolve(entry.list[2]) } : {}),
          })),
        };
      case 'enum':
      case 'flags':
        return { kind: head, names: items.map((item) => stringOf(item) as string) };
      case 'eq':
        return this.resolve(items[0]);
      default:
        throw new UnmappableType(
          `${head ?? 'an unknown'} type (resources, handles, streams and futures have no JSON form)`,
        );
    }
  }
}

function refOf(node: Sexpr): string {
  return atomOf(node) ?? String((node as { index?: number }).index ?? '');
}

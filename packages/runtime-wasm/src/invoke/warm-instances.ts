import { coreModule, loadInstantiate } from '../compile/load-component-code.js';
import { CallIo } from '../host/call-io.js';
import type { HostGrants } from '../host/host-grants.js';
import { hostImports, type ToolHost } from '../host/host-imports.js';
import type { ToolTarget } from './invocation.js';

/** One instantiated component with the slots its host imports read during a call. */
export interface WarmInstance {
  readonly exports: Record<string, unknown>;
  readonly memories: readonly WebAssembly.Memory[];
  io: CallIo;
  host: ToolHost;
}

/** Instantiating runs the component's start functions, so the caller may bound it apart. */
export type SetupPhase = 'instantiating' | 'running';

const noHost: ToolHost = {
  log: () => {},
  callTool: () => ({ tag: 'err', val: 'call-tool is not available here' }),
};

/**
 * Idle instances per (component, memory cap, grants): a call takes one (or instantiates a new
 * one) and gives it back only when it ended cleanly — an instance that trapped or was stopped is
 * dropped, never reused.
 */
export class WarmInstances {
  private readonly idle = new Map<string, WarmInstance[]>();

  constructor(private readonly maxIdlePerTool = 4) {}

  /** The key of a target's instances, and an idle one if there is (taken from the pool). */
  takeIdle(target: ToolTarget, grants: HostGrants): [string, WarmInstance | undefined] {
    const key = `${target.dir}\0${target.maxPages}\0${JSON.stringify(grants)}`;
    return [key, this.idle.get(key)?.pop()];
  }

  /** A new instance; `onSetup` hears when instantiating starts and ends. */
  async create(
    target: ToolTarget,
    grants: HostGrants,
    onSetup?: (phase: SetupPhase) => void,
  ): Promise<WarmInstance> {
    onSetup?.('instantiating');
    const instance = await this.instantiate(target, grants);
    onSetup?.('running');
    return instance;
  }

  give(key: string, instance: WarmInstance): void {
    const list = this.idle.get(key) ?? [];
    if (list.length >= this.maxIdlePerTool) return;
    list.push(instance);
    this.idle.set(key, list);
  }

  private async instantiate(target: ToolTarget, grants: HostGrants): Promise<WarmInstance> {
    const instantiate = await loadInstantiate(target.dir);
    const memories: WebAssembly.Memory[] = [];
    const instance: WarmInstance = {
      exports: {},
      memories,
      io: new CallIo(Number.POSITIVE_INFINITY),
      host: noHost,
    };
    const imports = hostImports(
      grants,
      () => instance.io,
      () => instance.host,
    );
    const exports = instantiate(
      (name) => coreModule(target.dir, name, target.maxPages),
      imports,
      (module, moduleImports) => {
        const core = new WebAssembly.Instance(module, moduleImports);
        for (const value of Object.values(core.exports)) {
          if (value instanceof WebAssembly.Memory) memories.push(value);
        }
        return core;
      },
    );
    return Object.assign(instance, { exports });
  }
}

// The part of the WebAssembly JS API this package uses (TypeScript's ES libs and @types/node 20
// do not declare it; Node has it globally).
declare namespace WebAssembly {
  type ImportValue = unknown;
  type Imports = Record<string, Record<string, ImportValue>>;
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Global {
    constructor(descriptor: { value: string; mutable?: boolean }, value: unknown);
  }
  class Table {
    constructor(descriptor: { initial: number; element: string });
  }
  class LinkError extends Error {}
}

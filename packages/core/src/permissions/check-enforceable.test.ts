import { describe, expect, it, vi } from 'vitest';
import type { PermissionKey } from '../contracts/permissions/v1/tool-permissions-v1.js';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { createToolDefinition, defineTool } from '../define-tool.js';
import { createProcessor, type ProcessorOptions } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';

const call = (tool: string) => ({ id: tool, tool, arguments: {} });

function sandbox(enforces: readonly PermissionKey[]) {
  const runtime = {
    specificationVersion: 'v1',
    kind: 'sandbox',
    capabilities: () => ({ cancellation: true, progress: false, isolation: 'sandbox', enforces }),
    load: vi.fn((definition) => ({ definition, handle: definition.source })),
    execute: async () => 'ran',
    dispose: async () => {},
  } satisfies ToolRuntimeV1;
  return runtime;
}

const sandboxTool = (permissions: object) =>
  createToolDefinition({
    name: 'boxed',
    description: '',
    inputSchema: { type: 'object' },
    runtime: 'sandbox',
    source: 'boxed',
    permissions,
  });

async function run(
  tool: ReturnType<typeof sandboxTool>,
  options: Partial<ProcessorOptions> = {},
  runtime = sandbox([]),
) {
  const registry = createRegistry();
  registry.register([tool], { runtime });
  const [result] = await createProcessor({ registry, ...options }).process(call(tool.name));
  return { result, runtime };
}

describe('permissions a runtime cannot enforce', () => {
  it('refuse the tool at load with CONFIGURATION_ERROR naming the field, without loading it', async () => {
    const { result, runtime } = await run(sandboxTool({ net: { connect: ['api.example.com'] } }));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'CONFIGURATION_ERROR',
        retryable: false,
        details: { field: 'tool "boxed".permissions.net.connect' },
      },
    });
    expect(result?.error?.message).toContain('acceptWeakerPermissions');
    expect(runtime.load).not.toHaveBeenCalled();
  });

  it('load when the runtime enforces every declared field', async () => {
    const tool = sandboxTool({ fs: { read: ['/data'] }, timeMs: 100, env: [] });
    const { result, runtime } = await run(tool, {}, sandbox(['fs.read', 'timeMs']));
    expect(result).toMatchObject({ ok: true, value: 'ran' });
    expect(runtime.load).toHaveBeenCalledOnce();
  });

  it('name the first field not enforced when some are', async () => {
    const tool = sandboxTool({ fs: { read: ['/data'] }, spawn: true, cpuMs: 10 });
    const { result } = await run(tool, {}, sandbox(['fs.read', 'cpuMs']));
    expect(result?.error?.details).toEqual({ field: 'tool "boxed".permissions.spawn' });
  });

  it('load when the operator accepts weaker enforcement for that runtime kind', async () => {
    const tool = sandboxTool({ spawn: true, memoryMb: 16 });
    const listed = await run(tool, { acceptWeakerPermissions: { sandbox: ['spawn', 'memoryMb'] } });
    expect(listed.result).toMatchObject({ ok: true, value: 'ran' });
    const all = await run(tool, { acceptWeakerPermissions: { sandbox: true } });
    expect(all.result).toMatchObject({ ok: true, value: 'ran' });
    const partly = await run(tool, { acceptWeakerPermissions: { sandbox: ['spawn'] } });
    expect(partly.result?.error?.details).toEqual({ field: 'tool "boxed".permissions.memoryMb' });
    const otherKind = await run(tool, { acceptWeakerPermissions: { tcl: true } });
    expect(otherKind.result?.error?.code).toBe('CONFIGURATION_ERROR');
  });

  it('refuse an in-process tool declaring any grant or limit: isolation "none" enforces nothing', async () => {
    const execute = vi.fn(() => 'ran');
    const tool = defineTool({
      name: 'local',
      description: '',
      inputSchema: { type: 'object' },
      permissions: { timeMs: 50 },
      execute,
    });
    const registry = createRegistry();
    registry.register(tool);
    const [refused] = await createProcessor({ registry }).process(call('local'));
    expect(refused?.error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "local".permissions.timeMs' },
    });
    expect(execute).not.toHaveBeenCalled();
    const accepting = createProcessor({
      registry,
      acceptWeakerPermissions: { 'in-process': ['timeMs'] },
    });
    const [accepted] = await accepting.process(call('local'));
    expect(accepted).toMatchObject({ ok: true, value: 'ran' });
  });

  it('let a deny-all manifest (empty grants, spawn false) run on any runtime', async () => {
    const tool = sandboxTool({ fs: { read: [], write: [] }, net: { connect: [] }, spawn: false });
    const { result } = await run(tool);
    expect(result).toMatchObject({ ok: true, value: 'ran' });
  });

  it('validate acceptWeakerPermissions when the processor is created', () => {
    const registry = createRegistry();
    const fieldOf = (value: unknown) => {
      try {
        createProcessor({ registry, acceptWeakerPermissions: value as never });
      } catch (error) {
        return (error as { field?: string }).field;
      }
      return undefined;
    };
    expect(fieldOf(['tcl'])).toBe('acceptWeakerPermissions');
    expect(fieldOf({ tcl: 'all' })).toBe('acceptWeakerPermissions.tcl');
    expect(fieldOf({ tcl: ['timeMs', 'network'] })).toBe('acceptWeakerPermissions.tcl[1]');
    expect(fieldOf({ tcl: ['fs.read'], wasm: true })).toBeUndefined();
  });
});

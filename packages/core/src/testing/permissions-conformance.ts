import { expect, it } from 'vitest';
import {
  PERMISSION_KEYS,
  type PermissionKey,
  type ToolPermissionsV1,
} from '../contracts/permissions/v1/tool-permissions-v1.js';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { AcceptWeakerPermissions } from '../permissions/accepted-weaker-permissions.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import type { ConformanceFixtures } from './run-runtime-conformance.js';

/** One manifest per key, granting or limiting only that key (limits generous enough for echo). */
const grantOf: Readonly<Record<PermissionKey, ToolPermissionsV1>> = {
  'fs.read': { fs: { read: ['/tp-conformance'] } },
  'fs.write': { fs: { write: ['/tp-conformance'] } },
  'net.connect': { net: { connect: ['127.0.0.1:9'] } },
  env: { env: ['TP_CONFORMANCE'] },
  spawn: { spawn: true },
  timeMs: { timeMs: 20_000 },
  cpuMs: { cpuMs: 20_000 },
  memoryMb: { memoryMb: 256 },
  outputBytes: { outputBytes: 64 * 1024 },
};

const withPermissions = (tool: ToolDefinition, permissions: ToolPermissionsV1): ToolDefinition =>
  Object.freeze({ ...tool, permissions });

/**
 * The permissions section of the runtime conformance kit: what a runtime declares it enforces is
 * well-formed, everything else is refused at load unless accepted, and declared limits hold.
 */
export function permissionsConformance(
  runtimeOf: () => ToolRuntimeV1,
  fixtures: ConformanceFixtures,
): void {
  const enforced = () => runtimeOf().capabilities().enforces ?? [];
  const runOnce = async (
    tool: ToolDefinition,
    args: Record<string, unknown>,
    acceptWeakerPermissions?: AcceptWeakerPermissions,
  ) => {
    const registry = createRegistry();
    registry.register(tool);
    const processor = createProcessor({
      registry,
      runtimes: [runtimeOf()],
      timeoutMs: 30_000,
      ...(acceptWeakerPermissions ? { acceptWeakerPermissions } : {}),
    });
    const [result] = await processor.execute([
      { id: 'permissions', tool: `${tool.namespace}.${tool.name}`, arguments: args },
    ]);
    return result;
  };

  it('permissions: declares enforces as a list of known keys, none for isolation "none"', () => {
    const capabilities = runtimeOf().capabilities();
    const enforces = capabilities.enforces ?? [];
    expect(Array.isArray(enforces)).toBe(true);
    for (const key of enforces) expect(PERMISSION_KEYS).toContain(key);
    expect(new Set(enforces).size).toBe(enforces.length);
    if (capabilities.isolation === 'none') expect(enforces).toEqual([]);
  });

  it('permissions: runs a deny-all manifest (empty grants, spawn false)', async () => {
    const denyAll = { fs: { read: [], write: [] }, net: { connect: [] }, env: [], spawn: false };
    const result = await runOnce(withPermissions(fixtures.echo, denyAll), { text: 'deny-all' });
    expect(result).toMatchObject({ ok: true, value: 'deny-all' });
  });

  it('permissions: refuses every grant or limit it does not enforce, unless accepted', async () => {
    const kind = runtimeOf().kind;
    for (const key of PERMISSION_KEYS.filter((candidate) => !enforced().includes(candidate))) {
      const tool = withPermissions(fixtures.echo, grantOf[key]);
      const refused = await runOnce(tool, { text: key });
      expect(refused?.error?.code, key).toBe('CONFIGURATION_ERROR');
      expect(refused?.error?.details?.field, key).toBe(`tool "${tool.name}".permissions.${key}`);
      const accepted = await runOnce(tool, { text: key }, { [kind]: [key] });
      expect(accepted, key).toMatchObject({ ok: true, value: key });
    }
  });

  it('permissions: loads every limit it enforces and stops a call past its timeMs / outputBytes', async () => {
    for (const key of enforced()) {
      const result = await runOnce(withPermissions(fixtures.echo, grantOf[key]), { text: key });
      expect(result, key).toMatchObject({ ok: true, value: key });
    }
    if (enforced().includes('timeMs')) {
      const tool = withPermissions(fixtures.slow, { timeMs: 200 });
      const result = await runOnce(tool, { ms: 120_000 });
      expect(result?.error?.code).toBe('TOOL_TIMEOUT');
    }
    if (enforced().includes('outputBytes')) {
      const tool = withPermissions(fixtures.echo, { outputBytes: 64 });
      const result = await runOnce(tool, { text: 'x'.repeat(1000) });
      expect(result?.ok).toBe(false);
    }
  });
}

import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@tp/core';
import { watchFile } from '@tp/discovery';
import { type McpServerConfig, parseServerConfig, type StreamManager } from '@tp/mcp';

export interface FollowedMcpConfigs {
  close(): Promise<void>;
}

type Servers = Record<string, McpServerConfig>;

/** A desktop client's config (`{ "mcpServers": { … } }`) as server configs; none when absent. */
function serversIn(path: string, text: string | undefined): Servers {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(path, `is not JSON: ${(error as Error).message}`, error);
  }
  const servers = (json as { mcpServers?: unknown } | null)?.mcpServers ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new ConfigurationError(`${path}: mcpServers`, 'must be an object keyed by server name');
  }
  return Object.fromEntries(
    Object.entries(servers).map(([name, config]) => [name, parseServerConfig(name, config)]),
  );
}

/**
 * Connects the upstream servers of MCP config files (config `mcpConfigFiles`) and follows the
 * files: a server added to one is connected, a removed one closed (its process stopped, its
 * tools unregistered), a changed one restarted. A file that does not parse keeps what it had.
 */
export async function followMcpConfigFiles(
  paths: readonly string[],
  manager: StreamManager,
  log: (line: string) => void,
): Promise<FollowedMcpConfigs | undefined> {
  if (paths.length === 0) return undefined;
  const watches = await Promise.all(
    paths.map(async (path) => {
      let current: Servers = {};
      const apply = async (text: string | undefined) => {
        let next: Servers;
        try {
          next = serversIn(path, text);
        } catch (error) {
          log(`[tp:server] mcp config ${path}: ${(error as Error).message}; keeping its servers`);
          return;
        }
        const same = (name: string) => JSON.stringify(current[name]) === JSON.stringify(next[name]);
        for (const name of Object.keys(current)) {
          if (name in next && same(name)) continue;
          await manager.removeServer(name);
          log(`[tp:server] mcp config ${path}: closed "${name}"`);
        }
        for (const name of Object.keys(next)) {
          if (name in current && same(name)) continue;
          try {
            const status = await manager.addServer(name, next[name]!);
            log(`[tp:server] mcp config ${path}: connected "${name}" (${status.state})`);
          } catch (error) {
            delete next[name];
            log(
              `[tp:server] mcp config ${path}: cannot add "${name}": ${(error as Error).message}`,
            );
          }
        }
        current = next;
      };
      // Changes are applied one after the other, the initial content first.
      let applied = Promise.resolve();
      const enqueue = (text: string | undefined) => (applied = applied.then(() => apply(text)));
      const watch = await watchFile(path, enqueue);
      await enqueue(await readFile(path, 'utf8').catch(() => undefined));
      return watch;
    }),
  );
  return {
    async close() {
      await Promise.all(watches.map((watch) => watch.close()));
    },
  };
}

import { spawnSync } from 'node:child_process';

/** How this machine can confine a child: Node's permission flag and a network/pid namespace. */
export interface SandboxSupport {
  /** `--permission` (Node 22+) or `--experimental-permission` (Node 20). */
  readonly permissionFlag: string;
  /**
   * The command that puts the child in a new network and pid namespace: `unshare` as root,
   * `unshare --map-root-user` where user namespaces are allowed, or none.
   */
  readonly namespace?: { readonly command: string; readonly args: readonly string[] };
}

let detected: SandboxSupport | undefined;

/** Probes the machine once per process (a few ms: one `unshare … true` or two). */
export function detectSandbox(): SandboxSupport {
  detected ??= {
    permissionFlag: process.allowedNodeEnvironmentFlags.has('--permission')
      ? '--permission'
      : '--experimental-permission',
    ...namespaceSupport(),
  };
  return detected;
}

function namespaceSupport(): Pick<SandboxSupport, 'namespace'> {
  const base = ['--net', '--pid', '--fork', '--kill-child'];
  for (const args of [base, ['--map-root-user', ...base]]) {
    const probe = spawnSync('unshare', [...args, 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) return { namespace: { command: 'unshare', args } };
  }
  return {};
}

/** The argv of a child: namespace wrapper, then node with the permission model and limits. */
export function childArgv(
  support: SandboxSupport,
  profile: {
    readonly reads: readonly string[];
    readonly writes: readonly string[];
    readonly memoryMb: number;
    readonly hostNetwork: boolean;
    readonly spawn: boolean;
  },
  script: string,
  scriptDir: string,
): { command: string; args: string[] } {
  const node = [
    support.permissionFlag,
    `--allow-fs-read=${scriptDir}`,
    ...profile.reads.map((path) => `--allow-fs-read=${path}`),
    ...profile.writes.map((path) => `--allow-fs-write=${path}`),
    ...(profile.spawn ? ['--allow-child-process'] : []),
    `--max-old-space-size=${profile.memoryMb}`,
    '--enable-source-maps',
    '--disable-warning=ExperimentalWarning',
    script,
  ];
  const namespace = support.namespace;
  if (!namespace) return { command: process.execPath, args: node };
  // A tool granted network (accepted as weaker) keeps the host's network, not its pid namespace.
  const args = profile.hostNetwork
    ? namespace.args.filter((arg) => arg !== '--net')
    : [...namespace.args];
  return { command: namespace.command, args: [...args, '--', process.execPath, ...node] };
}

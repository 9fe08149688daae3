import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';

/** How this machine can confine a child: Node's permission flag and a network/pid namespace. */
export interface SandboxSupport {
  /** `--permission` (Node 22+) or `--experimental-permission` (Node 20). */
  readonly permissionFlag: string;
  /**
   * What puts the child in new network and pid namespaces: bubblewrap (which also gives it a
   * filesystem of the bound paths only: no /etc, no unix sockets of the host), else `unshare` (+
   * `setsid`) as root, else `unshare --map-root-user` where user namespaces are allowed; none
   * when nothing works.
   */
  readonly namespace?: {
    readonly kind: 'bwrap' | 'unshare';
    readonly command: string;
    readonly args: readonly string[];
  };
}

/** What a child of one profile may reach (see process-level.ts). */
export interface ChildProfile {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly memoryMb: number;
  readonly hostNetwork: boolean;
  readonly spawn: boolean;
}

let detected: SandboxSupport | undefined;

/** Probes the machine once per process (a few ms: one `bwrap … true` or `unshare … true`). */
export function detectSandbox(): SandboxSupport {
  detected ??= {
    permissionFlag: process.allowedNodeEnvironmentFlags.has('--permission')
      ? '--permission'
      : '--experimental-permission',
    ...namespaceSupport(),
  };
  return detected;
}

const bwrapBase = [
  '--unshare-net',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--die-with-parent',
  '--new-session',
];
const unshareBase = ['--net', '--pid', '--fork', '--kill-child'];

function namespaceSupport(): Pick<SandboxSupport, 'namespace'> {
  const works = (command: string, args: readonly string[]) =>
    spawnSync(command, [...args, 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  if (works('bwrap', [...bwrapBase, '--ro-bind', '/', '/'])) {
    return { namespace: { kind: 'bwrap', command: 'bwrap', args: bwrapBase } };
  }
  for (const args of [unshareBase, ['--map-root-user', ...unshareBase]]) {
    if (works('unshare', [...args, '--', 'setsid'])) {
      return { namespace: { kind: 'unshare', command: 'unshare', args } };
    }
  }
  return {};
}

/** The argv of a child: namespace wrapper, then node with the permission model and limits. */
export function childArgv(
  support: SandboxSupport,
  profile: ChildProfile,
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
  if (namespace.kind === 'bwrap') {
    return {
      command: namespace.command,
      args: [...bwrapArgs(namespace.args, profile, scriptDir), '--', process.execPath, ...node],
    };
  }
  // A tool granted network (accepted as weaker) keeps the host's network, not its pid namespace.
  const args = profile.hostNetwork
    ? namespace.args.filter((arg) => arg !== '--net')
    : [...namespace.args];
  // setsid: node gets a session of its own, so kill(0) / kill(ppid = 0) cannot reach unshare.
  return {
    command: namespace.command,
    args: [...args, '--', 'setsid', process.execPath, ...node],
  };
}

/** Bubblewrap's filesystem: the system read-only, an empty /tmp, and the profile's paths only. */
function bwrapArgs(base: readonly string[], profile: ChildProfile, scriptDir: string): string[] {
  const args = profile.hostNetwork ? base.filter((arg) => arg !== '--unshare-net') : [...base];
  args.push('--ro-bind', '/usr', '/usr', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  for (const top of ['bin', 'sbin', 'lib', 'lib32', 'lib64']) {
    args.push('--symlink', `usr/${top}`, `/${top}`);
  }
  const nodeHome = dirname(dirname(realpathSync(process.execPath)));
  if (!nodeHome.startsWith('/usr')) args.push('--ro-bind', nodeHome, nodeHome);
  if (profile.hostNetwork) {
    for (const path of ['/etc/resolv.conf', '/etc/hosts', '/etc/ssl']) {
      args.push('--ro-bind-try', path, path);
    }
  }
  const mounted = (path: string) => (path.endsWith('*') ? dirname(path) : path);
  for (const path of [scriptDir, ...profile.reads]) {
    args.push('--ro-bind-try', mounted(path), mounted(path));
  }
  for (const path of profile.writes) args.push('--bind-try', mounted(path), mounted(path));
  return args;
}

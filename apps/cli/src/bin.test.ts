// Spawns the built binary (dist/bin.js; turbo builds it before testing) the way a user runs it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolResult } from '@tp/core';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const fixtureTools = 'src/__fixtures__/tools.mjs';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function tp(
  args: readonly string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: appDir,
      env: { ...withoutColourSettings(process.env), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const results = (run: Run): ToolResult[] => JSON.parse(run.stdout);

/** The test's own terminal settings must not decide what the binary prints. */
function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...rest } = env;
  return rest;
}

describe('tp (built binary)', () => {
  it('prints the overview with --help and exits 0', async () => {
    const run = await tp(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('call');
    expect(run.stdout).toContain('tools list');
  });

  it('is the `tp` command of the repository root (npx tp), through the launcher in bin/', async () => {
    const rootBin = fileURLToPath(new URL('../../../node_modules/.bin/tp', import.meta.url));
    const run = await new Promise<Run>((resolve, reject) => {
      const child = spawn(rootBin, ['--help'], { cwd: appDir });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: tp <command>');
  });

  describe('doctor', () => {
    interface DoctorReport {
      readonly ok: boolean;
      readonly checks: Array<{ name: string; ok: boolean; required: boolean; fix?: string }>;
    }
    const report = (run: Run): DoctorReport => JSON.parse(run.stdout);

    it('checks Node and tclsh and starts a config once: its upstream servers and runtimes', async () => {
      const run = await tp(['doctor', '--json', '--config', '../server/example.config.json']);
      expect(run.code).toBe(0);
      const checks = new Map(report(run).checks.map((check) => [check.name, check]));
      expect(checks.get('node')).toMatchObject({ ok: true, required: true });
      expect(checks.get('tclsh')).toMatchObject({ ok: true, required: true });
      expect(checks.get('upstream everything')).toMatchObject({ ok: true });
      expect(checks.get('runtime mcp')).toMatchObject({ ok: true });
      expect(checks.get('redis-server')).toMatchObject({ required: false });
    });

    it('names what is missing with its fix and exits 1', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tp-doctor-'));
      try {
        const config = join(dir, 'broken.json');
        await writeFile(
          config,
          JSON.stringify({ mcpServers: { broken: { command: join(dir, 'no-such-server') } } }),
        );
        const run = await tp(['doctor', '--config', config], undefined, { PATH: dir });
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^✗ tclsh {2}not found/m);
        expect(run.stdout).toContain('fix: sudo apt-get install tcl');
        expect(run.stdout).toMatch(/^✗ upstream broken {2}down/m);
        expect(run.stdout).toContain('something required is missing');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('completion', () => {
    /** What real bash completes after typing `words` (the last one possibly partial). */
    async function bashCompletes(script: string, words: readonly string[]): Promise<string[]> {
      const setup = `${script}\nCOMP_WORDS=(tp ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}; _tp; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const child = spawn('bash', ['-c', setup]);
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
      await new Promise((resolve) => child.on('close', resolve));
      return stdout.split('\n').filter(Boolean);
    }

    it('completes commands, sub-commands, options and choices in bash', async () => {
      const run = await tp(['completion', 'bash']);
      expect(run.code).toBe(0);
      expect(await bashCompletes(run.stdout, ['to'])).toEqual(['tools']);
      expect(await bashCompletes(run.stdout, ['tools', ''])).toEqual(['list']);
      expect(await bashCompletes(run.stdout, ['call', '--js'])).toEqual(['--json', '--jsonl']);
      expect(await bashCompletes(run.stdout, ['tools', 'list', '--t'])).toEqual(['--tools']);
      expect(await bashCompletes(run.stdout, ['completion', 'f'])).toEqual(['fish']);
    });

    it('prints zsh and fish scripts and refuses other shells', async () => {
      expect((await tp(['completion', 'zsh'])).stdout).toContain('bashcompinit');
      const fish = await tp(['completion', 'fish']);
      expect(fish.stdout).toContain(
        "complete -c tp -n '__fish_seen_subcommand_from call' -l jsonl",
      );
      const other = await tp(['completion', 'tcsh']);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain('bash, zsh or fish');
    });
  });

  it("runs the checkout's bench/run.mjs with the filters (tp bench)", async () => {
    const run = await tp(['bench', 'no-suite-has-this-name']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[bench] no bench/*.bench.mjs matches ["no-suite-has-this-name"]');
  });

  it('prints each command help with --help', async () => {
    const call = await tp(['call', '--help']);
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('Usage: tp call [options] [FILE|-]');
    for (const option of ['--tools', '--json', '--timeout', '--concurrency', '--dry-run']) {
      expect(call.stdout).toContain(option);
    }
    const list = await tp(['tools', 'list', '-h']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Usage: tp tools list');
  });

  it('runs the calls of a file and prints JSON results, exit 0 when all succeed', async () => {
    const run = await tp([
      'call',
      'src/__fixtures__/calls.json',
      '--tools',
      fixtureTools,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(results(run)).toMatchObject([
      { callId: 'a', tool: 'echo', ok: true, value: 'héllo {"world"}', runtime: 'in-process' },
      { callId: 'b', tool: 'peak', namespace: 'test', ok: true, value: 1 },
    ]);
  });

  it('reads model output from stdin with "-"', async () => {
    const input = JSON.stringify([{ id: 's', tool: 'echo', arguments: { text: 'from stdin' } }]);
    const run = await tp(['call', '-', '--tools', fixtureTools, '--json'], input);
    expect(run.code).toBe(0);
    expect(results(run)).toMatchObject([{ callId: 's', ok: true, value: 'from stdin' }]);
  });

  it('exits 1 when a call fails, with stable error codes', async () => {
    const input = JSON.stringify([
      { id: 'ok', tool: 'echo', arguments: { text: 'fine' } },
      { id: 'boom', tool: 'test.fail', arguments: { message: 'disk full' } },
      { id: 'typo', tool: 'ecoh', arguments: {} },
      { id: 'invalid', tool: 'echo', arguments: { text: 7 } },
    ]);
    const run = await tp(['call', '--json', '--tools', fixtureTools, '-'], input);
    expect(run.code).toBe(1);
    const [ok, boom, typo, invalid] = results(run);
    expect(ok?.ok).toBe(true);
    expect(boom?.error).toMatchObject({ code: 'TOOL_EXECUTION_FAILED' });
    expect(boom?.error?.message).toContain('disk full');
    expect(typo?.error?.code).toBe('TOOL_NOT_FOUND');
    expect(typo?.error?.details?.suggestions).toContain('echo');
    expect(invalid?.error?.code).toBe('TOOL_VALIDATION_ERROR');
  });

  it('says that no tools were loaded when calls fail without --tools', async () => {
    const input = JSON.stringify([{ id: 'a', tool: 'echo', arguments: { text: 'hi' } }]);
    const run = await tp(['call', '--json', '-'], input);
    expect(run.code).toBe(1);
    expect(results(run)[0]?.error?.code).toBe('TOOL_NOT_FOUND');
    expect(run.stderr).toContain('no tools were loaded');
    expect(run.stderr).toContain('--tools <module>');
  });

  it('prints readable results by default', async () => {
    const input = JSON.stringify([
      { id: 'c1', tool: 'echo', arguments: { text: 'line one\nline two' } },
      { id: 'c2', tool: 'test.fail', arguments: { message: 'no route to host' } },
    ]);
    const run = await tp(['call', '--tools', fixtureTools], input);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ echo {2}\[c1\]/);
    expect(run.stdout).toContain('    line one\n    line two');
    expect(run.stdout).toContain('✗ test.fail  [c2]  TOOL_EXECUTION_FAILED');
    expect(run.stdout).toContain('2 calls: 1 succeeded, 1 failed');
  });

  it('applies --timeout to every call', async () => {
    const input = JSON.stringify([{ id: 'slow', tool: 'test.peak', arguments: { ms: 60_000 } }]);
    const run = await tp(
      ['call', '-', '--json', '--timeout', '100', '--tools', fixtureTools],
      input,
    );
    expect(run.code).toBe(1);
    expect(results(run)[0]?.error?.code).toBe('TOOL_TIMEOUT');
  });

  it('bounds calls in flight with --concurrency', async () => {
    const calls = ['p1', 'p2', 'p3'].map((id) => ({
      id,
      tool: 'test.peak',
      arguments: { ms: 500 },
    }));
    const input = JSON.stringify(calls);
    const serial = await tp(
      ['call', '-', '--json', '--concurrency', '1', '-t', fixtureTools],
      input,
    );
    expect(results(serial).map((result) => result.value)).toEqual([1, 1, 1]);
    const parallel = await tp(['call', '-', '--json', '-t', fixtureTools], input);
    expect(Math.max(...results(parallel).map((result) => result.value as number))).toBe(3);
  });

  it('prints each result as its call ends (--jsonl), before slower calls finish', async () => {
    const input = JSON.stringify([
      { id: 'slow', tool: 'test.peak', arguments: { ms: 60_000 } },
      { id: 'fast', tool: 'echo', arguments: { text: 'first' } },
    ]);
    const child = spawn(process.execPath, [bin, 'call', '-', '--jsonl', '-t', fixtureTools], {
      cwd: appDir,
    });
    child.stdin.end(input);
    const firstLine = await new Promise<string>((resolve) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
    });
    // The slow call is still running (it would take a minute): the fast one was printed anyway.
    expect(child.exitCode).toBeNull();
    expect(JSON.parse(firstLine)).toMatchObject({ callId: 'fast', ok: true, value: 'first' });
    const exited = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    await exited;
  });

  it('refuses --json with --jsonl', async () => {
    const run = await tp(['call', '-', '--json', '--jsonl'], '[]');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--json and --jsonl exclude each other');
  });

  it('colours only when asked or on a terminal: FORCE_COLOR on, NO_COLOR and pipes off', async () => {
    const input = JSON.stringify([{ id: 'c1', tool: 'echo', arguments: { text: 'hi' } }]);
    const sgr = '\u001b[';
    const piped = await tp(['call', '-t', fixtureTools], input);
    expect(piped.stdout).toContain('✓ echo');
    expect(piped.stdout).not.toContain(sgr);
    const forced = await tp(['call', '-t', fixtureTools], input, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${sgr}32m✓`);
    const both = await tp(['call', '-t', fixtureTools], input, { FORCE_COLOR: '0', NO_COLOR: '1' });
    expect(both.stdout).not.toContain(sgr);
  });

  it('prints one readable line per call with --dry-run', async () => {
    const input = JSON.stringify([
      { id: 'would-fail', tool: 'test.fail', arguments: { message: 'never thrown' } },
      { id: 'typo', tool: 'ecoh', arguments: {} },
    ]);
    const run = await tp(['call', '-', '--dry-run', '--tools', fixtureTools], input);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('✓ would run  test.fail  [would-fail]');
    expect(lines[1]).toMatch(
      /^✗ refused by \S+ {2}ecoh {2}\[typo\] {2}TOOL_NOT_FOUND: tool "ecoh"/,
    );
    expect(lines.at(-1)).toBe('2 calls: 1 would run, 1 refused');
    expect(run.stdout).not.toContain('verdicts');
  });

  it('checks calls without running them with --dry-run', async () => {
    const input = JSON.stringify([
      { id: 'would-fail', tool: 'test.fail', arguments: { message: 'never thrown' } },
      { id: 'typo', tool: 'ecoh', arguments: {} },
    ]);
    const run = await tp(['call', '-', '--dry-run', '--json', '--tools', fixtureTools], input);
    expect(run.code).toBe(1);
    const [wouldFail, typo] = results(run);
    expect(wouldFail).toMatchObject({ ok: true, attempts: 0, value: { dryRun: true } });
    expect(typo?.error?.code).toBe('TOOL_NOT_FOUND');
  });

  it('lists tools as a table and as JSON', async () => {
    const table = await tp(['tools', 'list', '--tools', fixtureTools]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+VERSION\s+RUNTIME\s+DESCRIPTION$/m);
    expect(table.stdout).toMatch(/^echo\s+1\.0\.0\s+in-process\s+returns its text$/m);
    expect(table.stdout).toMatch(/^test\.fail\s/m);
    const json = await tp(['tools', 'list', '--json', '--tools', fixtureTools]);
    const tools = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(tools.map((tool) => `${tool.namespace}.${tool.name}`).sort()).toEqual([
      'default.echo',
      'test.fail',
      'test.peak',
    ]);
    expect(tools[0]).toHaveProperty('inputSchema');
    expect(tools[0]).toHaveProperty('schemaHash');
    expect(tools[0]).not.toHaveProperty('source');
  });

  describe('usage errors exit 2 with a clear message', () => {
    it.each([
      [['call', 'missing.txt', '--tools', fixtureTools], 'cannot read "missing.txt": no such file'],
      [['call', 'src', '--tools', fixtureTools], 'cannot read "src": it is a directory'],
      [
        ['tools', 'list', '--tools', 'nope/tools.mjs'],
        'cannot load --tools "nope/tools.mjs": no such file',
      ],
      [
        ['tools', 'list', '--tools', 'src/__fixtures__/throws-on-import.mjs'],
        'database URL is not set',
      ],
      [
        ['tools', 'list', '--tools', 'src/__fixtures__/no-tools.mjs'],
        'exports no tool definitions',
      ],
      [
        ['tools', 'list', '--tools', 'src/__fixtures__/bad-tools-array.mjs'],
        'tools[0] is not a tool definition',
      ],
      [['call', '--timeout', 'soon', '-t', fixtureTools], '--timeout must be a positive integer'],
      [
        ['call', '--concurrency', '0', '-t', fixtureTools],
        '--concurrency must be a positive integer',
      ],
      [['call', '--verbose'], 'tp call: unknown option "--verbose" (see --help)\n'],
      [['call', 'a.txt', 'b.txt'], 'tp call: unexpected argument "b.txt"'],
      [['deploy'], 'unknown command "deploy"'],
    ])('tp %j', async (args, message) => {
      const run = await tp(args, '[]');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    });

    it('shows the commands of a group when its sub-command is missing', async () => {
      const run = await tp(['tools']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('tools list');
    });
  });

  it('runs the shipped example (what npm start runs) with every call succeeding', async () => {
    const run = await tp([
      'call',
      '../../examples/model-output.txt',
      '--tools',
      '../../examples/tools/index.js',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(results(run).map((result) => result.tool)).toEqual([
      'convert_temperature',
      'text_stats',
      'save',
      'current_time',
    ]);
    expect(results(run)[0]?.value).toEqual({ value: 25, unit: 'C' });
  });

  it.each([
    [
      'openai-chat-completion.json',
      ['call_kZ3fK1a0pXb7Qm2Vw9Yc4Tn8', 'call_R8vL2sD5hJ0wN6qE1tY7uB3c'],
    ],
    ['anthropic-message.json', ['toolu_01A09q90qw90lq917835lq9', 'toolu_01D7FLrfh4GYq7yT1ULFeyMV']],
  ])('runs the provider payload examples/payloads/%s', async (file, ids) => {
    const args = ['call', `../../examples/payloads/${file}`];
    const run = await tp([...args, '--tools', '../../examples/tools/index.js', '--json']);
    expect(run.code).toBe(0);
    expect(results(run).map((result) => [result.callId, result.ok])).toEqual(
      ids.map((id) => [id, true]),
    );
  });
});

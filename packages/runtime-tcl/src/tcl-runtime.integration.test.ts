import type { Processor } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from './__fixtures__/tcl-test-runtimes.js';
import { createToolCallCommand } from './host/tool-call-command.js';

// Real tclsh only. Every runtime made here is disposed, and its worker pids are checked dead.
const { setup } = useTclRuntimes();

describe('Tcl runtime on real tclsh', () => {
  it('evaluates expr {2 + 3} to 5', async () => {
    const { run } = await setup([script('sum', 'expr {2 + 3}')]);
    expect(await run('sum')).toMatchObject({ ok: true, value: '5', runtime: 'tcl' });
  });

  it("reports an unknown command's error text with errorInfo", async () => {
    const { run } = await setup([script('bad', 'set x 1\nno_such_command a b')]);
    const result = await run('bad');
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      message: 'invalid command name "no_such_command"',
    });
    expect(result.error?.details?.errorInfo).toContain('while executing');
    expect(result.error?.details?.errorCode).toBe('TCL LOOKUP COMMAND no_such_command');
  });

  it('maps break, continue and odd return codes to errors, return to a result', async () => {
    const { run } = await setup([
      script('brk', 'break'),
      script('cont', 'continue'),
      script('odd', 'return -code 7 x'),
      script('ret', 'return early; error unreachable'),
    ]);
    expect((await run('brk')).error?.message).toBe('invoked "break" outside of a loop');
    expect((await run('cont')).error?.message).toBe('invoked "continue" outside of a loop');
    expect((await run('odd')).error?.message).toBe('unexpected return code 7');
    expect((await run('ret')).value).toBe('early');
  });

  it('runs recursive procs', async () => {
    const { run } = await setup([
      script(
        'fib',
        'proc fib {n} { expr {$n < 2 ? $n : [fib [expr {$n - 1}]] + [fib [expr {$n - 2}]]} }\nproc fact {n} { if {$n <= 1} { return 1 }; expr {$n * [fact [expr {$n - 1}]]} }\nlist [fib 15] [fact 20]',
      ),
    ]);
    expect((await run('fib')).value).toBe('610 2432902008176640000');
    // The same worker again: the procs were removed and are defined afresh.
    expect((await run('fib')).value).toBe('610 2432902008176640000');
  });

  it('runs a parameter-driven tool: Result: 5 + 3 = 8', async () => {
    const add = script('add', 'return "Result: $a + $b = [expr {$a + $b}]"', {
      parameters: [
        { name: 'a', type_name: 'int', required: true },
        { name: 'b', type_name: 'int', required: true },
      ],
    });
    const { run } = await setup([add]);
    expect(await run('add', { a: 5, b: 3 })).toMatchObject({
      ok: true,
      value: 'Result: 5 + 3 = 8',
    });
  });

  it('rejects a missing required parameter before the script runs', async () => {
    let scriptRan = 0;
    const add = script('add', 'tp::mark\nexpr {$a + $b}', {
      parameters: [
        { name: 'a', type_name: 'int', required: true },
        { name: 'b', type_name: 'int', required: true },
      ],
    });
    const { run } = await setup([add], {
      hostCommands: {
        'tp::mark': () => {
          scriptRan++;
          return '';
        },
      },
    });
    const missing = await run('add', { a: 5 });
    expect(missing.error?.code).toBe('TOOL_VALIDATION_ERROR');
    expect(scriptRan).toBe(0);
    expect(await run('add', { a: 5, b: 3 })).toMatchObject({ ok: true, value: '8' });
    expect(scriptRan).toBe(1);
  });

  it('delivers every nasty character verbatim, both ways', async () => {
    const echo = script('echo', 'set text', {
      parameters: [{ name: 'text', type_name: 'string', required: true }],
    });
    const { run } = await setup([echo]);
    const nasty = [
      '',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Tcl ${x} reference, on purpose
      'quotes " \' braces {} { unbalanced } } [ ] $dollar ${x} \\backslash \\',
      'line1\nline2\r\nline3\ttab\v\f',
      'NUL\u0000inside',
      '# not a comment; set x 1',
      '[exit] $env(HOME) [puts hi]',
      'ünïcødé — ✓ 漢字 🚀 👩‍👩‍👧 \u{10FFFF}',
      '\\u0041 \\x41 \\n',
      ' leading and trailing spaces ',
    ];
    for (const text of nasty) {
      expect(await run('echo', { text })).toMatchObject({ ok: true, value: text });
    }
  });

  it('passes arrays as lists and objects as dicts', async () => {
    const inspect = script(
      'inspect',
      'list [llength $items] [lindex $items 1] [dict get $options "a key"] [llength [dict get $options nested]] $flag $count',
      {
        parameters: [
          { name: 'items', type_name: 'list', required: true },
          { name: 'options', type_name: 'dict', required: true },
          { name: 'flag', type_name: 'bool', required: true },
          { name: 'count', type_name: 'number', required: true },
        ],
      },
    );
    const { run } = await setup([inspect]);
    const result = await run('inspect', {
      items: ['x y', '{odd', 'z'],
      options: { 'a key': 'v$[1]', nested: [1, [2, 3], 'four'] },
      flag: true,
      count: 2.5,
    });
    expect(result.value).toBe('3 \\{odd {v$[1]} 3 true 2.5');
  });

  it('isolates state between consecutive calls on the same worker', async () => {
    const leak = script(
      'leak',
      `set ::leaked secret
proc leaked_proc {} { return secret }
array set ::table {k v}
set ::tcl::smuggled secret
namespace eval ::hidden { variable v secret }
interp alias {} aliased {} set
rename string string_renamed
return planted`,
    );
    const probe = script(
      'probe',
      `list [info exists ::leaked] [llength [info commands leaked_proc]] [info exists ::table] \\
  [info exists ::tcl::smuggled] [namespace exists ::hidden] [llength [info commands aliased]] \\
  [llength [info commands string_renamed]] [string length abc]`,
    );
    const plain = script('plain', 'set ::g 1; proc p {} {}; p; return planted');
    const { run, runtime } = await setup([leak, probe, plain]);
    expect((await run('plain')).value).toBe('planted');
    const pid = runtime.workerPids()[0];
    expect((await run('probe')).value).toBe('0 0 0 0 0 0 0 3');
    expect((await run('leak')).value).toBe('planted');
    expect((await run('probe')).value).toBe('0 0 0 0 0 0 0 3');
    expect(runtime.workerPids()).toEqual([pid]);
  });

  it('denies every forbidden command', async () => {
    const forbidden = [
      'exit',
      'source x.tcl',
      'open /etc/passwd',
      'exec ls',
      'socket localhost 80',
      'cd /',
      'file exists /',
      'load x.so',
      'glob *',
    ];
    const tools = forbidden.map((command, index) => script(`forbidden${index}`, command));
    const env = script(
      'env',
      'list [info exists ::env] [catch {set ::env(HOME)} message] $message',
    );
    const { run } = await setup([...tools, env]);
    for (const [index, command] of forbidden.entries()) {
      const result = await run(`forbidden${index}`);
      expect(result.error?.message, command).toBe(
        `invalid command name "${command.split(' ')[0]}"`,
      );
    }
    expect((await run('env')).value).toBe('0 1 {can\'t read "::env(HOME)": no such variable}');
  });

  it('stops while 1 {} at the time limit and reuses the worker', async () => {
    const spin = script('spin', 'while 1 {}');
    const ok = script('ok', 'return fine');
    const { run, runtime } = await setup([spin, ok], {
      limits: { timeMs: 300 },
      killGraceMs: 30_000,
    });
    expect((await run('ok')).value).toBe('fine');
    const pid = runtime.workerPids()[0];
    const result = await run('spin');
    expect(result.error).toMatchObject({ code: 'TOOL_TIMEOUT', details: { limit: 'time' } });
    expect(result.error?.details?.killed).toBeUndefined();
    expect((await run('ok')).value).toBe('fine');
    expect(runtime.workerPids()).toEqual([pid]);
  });

  it('enforces the command, recursion and output limits with TOOL_RESOURCE_EXHAUSTED', async () => {
    const { run } = await setup(
      [
        script('commands', 'while 1 {incr x}'),
        script('recursion', 'proc f {n} { f [incr n] }; f 0'),
        script('output', 'puts [string repeat x 5000]'),
        script('result', 'string repeat y 5000'),
        script('catches', 'catch {puts [string repeat x 5000]}; return ignored'),
        script('ok', 'return fine'),
      ],
      { limits: { commands: 10_000, recursion: 50, outputBytes: 1000 } },
    );
    for (const [tool, limit] of [
      ['commands', 'commands'],
      ['recursion', 'recursion'],
      ['output', 'output'],
      ['result', 'output'],
      ['catches', 'output'],
    ] as const) {
      const result = await run(tool);
      expect(result.error, tool).toMatchObject({
        code: 'TOOL_RESOURCE_EXHAUSTED',
        details: { limit },
      });
      expect((await run('ok')).value).toBe('fine');
    }
  });

  it('maps a memory ceiling hit to TOOL_RESOURCE_EXHAUSTED', async () => {
    const { run } = await setup(
      [script('hog', 'string length [string repeat x 400000000]'), script('ok', 'return fine')],
      { limits: { memoryMb: 128 } },
    );
    const result = await run('hog');
    expect(result.error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'memory' },
    });
    expect((await run('ok')).value).toBe('fine');
  });

  it('kills a worker stuck in one long command and replaces it', async () => {
    // One bignum power: a single command the interpreter's time limit cannot interrupt.
    const { run, runtime } = await setup(
      [script('sleep', 'set x [expr {3**30000000}]'), script('ok', 'return fine')],
      { limits: { timeMs: 200 }, killGraceMs: 200 },
    );
    await runtime.warmup();
    const [pid] = runtime.workerPids();
    const result = await run('sleep');
    expect(result.error).toMatchObject({ code: 'TOOL_TIMEOUT', details: { killed: true } });
    expect((await run('ok')).value).toBe('fine');
    expect(runtime.workerPids()).not.toContain(pid);
  });

  it('replaces a worker killed mid-call; the call gets a clear error', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { processor, run, runtime } = await setup(
      [script('sleep', 'tp::started\nafter 600000'), script('ok', 'return fine')],
      { hostCommands: { 'tp::started': () => started() } },
    );
    await runtime.warmup();
    const [pid] = runtime.workerPids();
    const pending = processor.execute([{ id: 'victim', tool: 'sleep', arguments: {} }]);
    await running;
    process.kill(pid!, 'SIGKILL');
    const [result] = await pending;
    expect(result?.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(result?.error?.message).toContain(
      'the Tcl worker exited during the call (signal SIGKILL)',
    );
    expect((await run('ok')).value).toBe('fine');
    expect(runtime.workerPids()).not.toContain(pid);
  });

  it('replaces a worker that dies while idle', async () => {
    const { run, runtime } = await setup([script('ok', 'return fine')]);
    await runtime.warmup();
    const [pid] = runtime.workerPids();
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => runtime.workerPids().includes(pid!), { timeout: 30_000 }).toBe(false);
    expect((await run('ok')).value).toBe('fine');
  });

  it('runs 200 concurrent calls across the pool, each correct', async () => {
    const square = script('square', 'proc sq {x} { expr {$x * $x} }\nreturn "$label:[sq $n]"', {
      parameters: [
        { name: 'n', type_name: 'int', required: true },
        { name: 'label', type_name: 'string', required: true },
      ],
    });
    const { processor, runtime, notePids } = await setup([square], { poolSize: 4 });
    const calls = Array.from({ length: 200 }, (_, index) => ({
      id: `c${index}`,
      tool: 'square',
      arguments: { n: index, label: `call ${index} {$}` },
    }));
    const results = await processor.execute(calls);
    notePids();
    expect(results.map((result) => result.value)).toEqual(
      calls.map((_, index) => `call ${index} {$}:${index * index}`),
    );
    expect(runtime.workerPids().length).toBe(4);
  });

  it('shapes results: text from puts, --json dicts, captured stdout/stderr', async () => {
    const { run } = await setup([
      script('hello', 'puts "Hello, World!"'),
      script('stats', 'dict create name Alice age 30 ratio 0.5 admin true note {a b}', {
        result: 'json',
      }),
      script('notdict', 'return {a b c}', { result: 'json' }),
      script('both', 'puts out; puts stderr err; puts -nonewline stdout more; return value', {
        result: 'capture',
      }),
    ]);
    expect((await run('hello')).value).toBe('Hello, World!');
    expect((await run('stats')).value).toEqual({
      name: 'Alice',
      age: 30,
      ratio: 0.5,
      admin: true,
      note: 'a b',
    });
    expect((await run('notdict')).error?.message).toContain('must return a dict');
    expect((await run('both')).value).toEqual({
      result: 'value',
      stdout: 'out\nmore',
      stderr: 'err\n',
    });
  });

  it('fails calls with RUNTIME_UNAVAILABLE when tclsh cannot start', async () => {
    for (const memoryMb of [0, 64]) {
      const { run, runtime } = await setup([script('ok', 'return fine')], {
        tclsh: '/nonexistent/tclsh',
        limits: { memoryMb },
      });
      const result = await run('ok');
      expect(result.error?.code).toBe('RUNTIME_UNAVAILABLE');
      expect(result.error?.message).toContain(
        'a tclsh worker failed to start (/nonexistent/tclsh)',
      );
      await expect(runtime.warmup()).rejects.toMatchObject({ code: 'RUNTIME_UNAVAILABLE' });
    }
  });

  it('fails an in-flight call with RUNTIME_UNAVAILABLE when the runtime is disposed', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { processor, runtime, notePids } = await setup(
      [script('sleep', 'tp::started\nafter 600000')],
      {
        hostCommands: { 'tp::started': () => started() },
      },
    );
    const pending = processor.execute([{ id: 'victim', tool: 'sleep', arguments: {} }]);
    await running;
    notePids();
    await runtime.dispose();
    const [result] = await pending;
    expect(result?.error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(runtime.workerPids()).toEqual([]);
  });

  it('exposes only allow-listed host commands, in nested namespaces too', async () => {
    const { run } = await setup(
      [
        script(
          'host',
          'list [my::deep::join a {b c} [string length abc]] [info commands ::tp::*] [catch {tp::other}]',
        ),
      ],
      { hostCommands: { 'my::deep::join': (args) => args.join('|') } },
    );
    expect((await run('host')).value).toBe('{a|b c|3} {} 1');
  });

  it('lets scripts call other registered tools through tp::call', async () => {
    let processor: Processor | undefined;
    const add = script('add', 'expr {$a + $b}', {
      parameters: [
        { name: 'a', type_name: 'int', required: true },
        { name: 'b', type_name: 'int', required: true },
      ],
    });
    const caller = script(
      'caller',
      'set sum [tp::call add a 5 b 3]\nlist $sum [catch {tp::call add a 1} message] $message',
    );
    const setupResult = await setup([add, caller], {
      poolSize: 2,
      hostCommands: { 'tp::call': createToolCallCommand(() => processor) },
    });
    processor = setupResult.processor;
    const result = await setupResult.run('caller');
    expect(result.value).toMatch(/^8 1 \{TOOL_VALIDATION_ERROR: /);
  });
});

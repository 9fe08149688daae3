import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from './__fixtures__/tcl-test-runtimes.js';

// Real tclsh only: a tool learns nothing about the machine it runs on.
const { setup } = useTclRuntimes();

describe('host facts', () => {
  it('hides the executable path, hostname, pid and build paths from tools', async () => {
    const attempts = {
      pid: 'pid',
      nameofexecutable: 'info nameofexecutable',
      nameofexecutableDirect: '::tcl::info::nameofexecutable',
      hostname: 'info hostname',
      hostnameDirect: '::tcl::info::hostname',
      remapped:
        'namespace ensemble configure ::info -map [dict merge [namespace ensemble configure ::info -map] {nameofexecutable ::tcl::info::nameofexecutable hostname ::tcl::info::hostname}]; list [info nameofexecutable] [info hostname]',
      invokehidden: 'interp invokehidden {} pid',
      pkgconfig: '::tcl::pkgconfig get libdir,runtime',
      library: 'info library',
    };
    const probe = script(
      'probe',
      `set results [dict create platform [lsort [array names ::tcl_platform]]]
foreach {name attempt} {${Object.entries(attempts)
        .map(([name, attempt]) => `${name} {${attempt}}`)
        .join(' ')}} {
  dict set results $name [list [catch $attempt message] $message]
}
return $results`,
      { result: 'json' },
    );
    const { run, runtime } = await setup([probe]);
    await runtime.warmup();
    const [pid] = runtime.workerPids();
    const result = await run('probe');
    expect(result.error).toBeUndefined();
    const { platform, ...outcomes } = result.value as Record<string, string>;
    // Every attempt failed (catch → 1), and no message carries what it was after.
    for (const [name, outcome] of Object.entries(outcomes)) expect(outcome, name).toMatch(/^1 /);
    expect(Object.keys(outcomes).sort()).toEqual(Object.keys(attempts).sort());
    expect(platform).toBe('byteOrder engine pathSeparator platform pointerSize threaded wordSize');
    const text = JSON.stringify(result.value);
    expect(text).not.toMatch(new RegExp(`\\b(${pid}|${hostname().replace(/\W/g, '\\$&')})\\b`));
    expect(text).not.toMatch(/tclsh|\/usr\//);
  });
});

import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from './__fixtures__/tcl-test-runtimes.js';

// Real tclsh only: a call must start from a state indistinguishable from a brand-new safe
// interpreter, whatever the calls before it did on the same worker.
const { setup } = useTclRuntimes();

/**
 * Everything a script can observe about its interpreter: `info cmdcount` as the script starts,
 * every namespace's variables with their values (arrays sorted) and traces, commands with their
 * traces, procs with arguments and bodies, ensembles, namespace exports/paths/unknown handlers,
 * channels, `after` events, child interpreters, aliases, packages, `info script`, float
 * formatting, and the first values of `rand()` (reported apart: they must differ every call).
 */
const dump = script(
  'dump',
  `set cmdcount [info cmdcount]
apply {{cmdcount} {
  set state {}
  set queue [list ::]
  while {[llength $queue]} {
    set queue [lassign $queue ns]
    lappend queue {*}[lsort [namespace children $ns]]
    lappend state [list namespace $ns \\
      [namespace eval $ns {::namespace export}] [namespace eval $ns {::namespace path}] \\
      [namespace eval $ns {::namespace unknown}]]
    foreach var [lsort [info vars \${ns}::*]] {
      if {[array exists $var]} {
        set value [lsort -stride 2 -index 0 [array get $var]]
      } elseif {[info exists $var]} {
        set value [set $var]
      } else {
        set value <unset>
      }
      lappend state [list var $var $value [trace info variable $var]]
    }
    foreach cmd [lsort [info commands \${ns}::*]] {
      set entry [list command $cmd [trace info execution $cmd] [trace info command $cmd]]
      if {[namespace ensemble exists $cmd]} {
        lappend entry ensemble [namespace ensemble configure $cmd]
      }
      if {[llength [namespace eval $ns [list ::info procs [namespace tail $cmd]]]]} {
        set arguments {}
        foreach arg [info args $cmd] {
          lappend arguments $arg [info default $cmd $arg default] $default
        }
        lappend entry proc $arguments [info body $cmd]
      }
      lappend state $entry
    }
  }
  lappend state [list channels [lsort [chan names]]] [list after [after info]] \\
    [list interps [interp slaves]] [list aliases [lsort [interp aliases]]] \\
    [list packages [lsort [package names]] [package present Tcl] [package present TclOO]] \\
    [list script [info script]] [list level [info level] [info frame]] \\
    [list recursionlimit [interp recursionlimit {}]] [list precision [expr {1 / 3.0}]]
  set rand {}
  for {set i 0} {$i < 8} {incr i} { lappend rand [expr {rand()}] }
  dict create cmdcount $cmdcount state [join $state \\n] rand $rand
}} $cmdcount`,
  { result: 'json' },
);

/** Changes namespaces, commands, traces, events, channels, interpreters: everything structural. */
const hostile = script(
  'hostile',
  `set ::leaked secret
array set ::table {k v}
set ::tcl::smuggled secret
proc leaked_proc {} { return secret }
proc ::oo::evil {} {}
proc unknown args { return swallowed }
namespace eval ::evil { variable v 1; namespace export *; proc p {} {} }
namespace path ::evil
namespace unknown ::evil::p
namespace ensemble create -command ::evilens -map {x list}
interp alias {} aliased {} set
interp create sub
coroutine co apply {{} { yield; yield }}
proc handler {op args} {
  if {$op eq "initialize"} { return {initialize finalize watch read} }
}
chan create read handler
trace add variable ::tcl_version read {apply {args {}}}
trace add execution list enter {apply {args {}}}
after 100000 {set ::fired 1}
after idle {set ::idle 1}
set ::tcl_platform(os) hacked
set ::tcl_platform(extra) planted
array startsearch ::tcl_platform
info script /etc/passwd
package provide evil 1.0
catch {interp recursionlimit {} 10}
catch {set ::tcl_precision 3}
rename string string_renamed`,
);

/**
 * Changes only values of variables every interpreter has, the rand() seed and the command count;
 * returns the rand() values srand(12345) makes it expect next.
 */
const sneaky = script(
  'sneaky',
  `set ::oo::version hacked
set ::oo::patchlevel hacked
set ::tcl::zlib::cmdcounter 999
set ::errorInfo planted
set ::errorCode planted
for {set i 0} {$i < 20000} {incr i} {}
expr {srand(12345)}
set expected {}
for {set i 0} {$i < 16} {incr i} { lappend expected [expr {rand()}] }
expr {srand(12345)}
for {set i 0} {$i < 8} {incr i} { expr {rand()} }
lrange $expected 8 end`,
);

/**
 * The dump with TclOO's object numbers masked: Tcl numbers objects (`::oo::Obj12`) per thread,
 * so each new interpreter's built-in objects get higher numbers than the last one's. Of the
 * counters a new interpreter cannot reset (docs/runtime-tcl.md, "What is not reset"), it is the
 * one visible as a call starts.
 */
function comparable(dumped: Record<string, unknown>) {
  const lines = String(dumped.state)
    .replace(/::oo::Obj\d+/g, '::oo::Obj<n>')
    .split('\n');
  return { ...dumped, state: lines.sort() };
}

describe('fresh state per call', () => {
  it('starts every call on a reused worker from the state of a brand-new interpreter', async () => {
    const fresh = await setup([dump]);
    const pristine = await fresh.run('dump');
    expect(pristine.error).toBeUndefined();

    const reused = await setup([dump, hostile, sneaky, script('fails', 'error boom')]);
    expect((await reused.run('hostile')).error).toBeUndefined();
    const [pid] = reused.runtime.workerPids();
    expect((await reused.run('fails')).error?.message).toBe('boom');
    const planted = await reused.run('sneaky');
    expect(planted.error).toBeUndefined();
    const after = await reused.run('dump');
    expect(reused.runtime.workerPids()).toEqual([pid]);

    const { rand: freshRand, ...freshState } = pristine.value as Record<string, unknown>;
    const { rand: reusedRand, ...reusedState } = after.value as Record<string, unknown>;
    // Sanity: the dump sees what the hostile call would leave in a shared interpreter.
    expect(String(freshState.state)).toContain('var ::oo::version 1.1.0');
    expect(String(freshState.state)).toContain('command ::string');
    expect(comparable(reusedState)).toEqual(comparable(freshState));
    // rand(): not what srand(12345) predicts, and not the same sequence twice.
    const predicted = String(planted.value).split(' ').map(Number);
    const seen = String(reusedRand).split(' ').map(Number);
    expect(predicted).toHaveLength(8);
    expect(seen).toHaveLength(8);
    expect(seen).not.toEqual(predicted);
    expect(seen).not.toEqual(String(freshRand).split(' ').map(Number));
    expect((await reused.run('dump')).value).not.toMatchObject({ rand: reusedRand });
  });
});

# Worker process of @tp/runtime-tcl: runs tool scripts in a safe interpreter, one call at a time.
#
# Protocol (stdin/stdout, binary): a frame is a 4-byte big-endian byte count and that many bytes;
# the bytes are fields, each a 4-byte big-endian byte count and UTF-8 text. The first field names
# the message:
#   host -> worker  call <id> <script> <mode> <commands> <timeMs> <outputBytes> {<name> <value>}...
#                   reply <id> ok|error <value>            (answer to a host request)
#   worker -> host  ready <patchlevel>
#                   result <id> ok <mode> <stdout> <stderr> <value> | {<key> <value>}... (json mode)
#                   result <id> error <kind> <message> <errorInfo> <errorCode> <stdout> <stderr>
#                   host <id> <command> <arg>...           (an allow-listed host command was called)
# argv: recursion limit, then the allow-listed host command names.
#
# Fresh state per call without paying for `interp create -safe` (~0.7 ms) on every call: the
# interpreter is reset after each call when the call only created globals and global procs, and is
# replaced when it touched anything else (a watched command ran, a limit was hit, or the
# fingerprint of its pristine state changed). docs/runtime-tcl.md explains the rules.

namespace eval ::tp {
  variable recursion [lindex $::argv 0]
  variable hostCommands [lrange $::argv 1 end]
  variable interp {}
  variable dirty 0
  variable resetting 0
  variable procs {}
  variable pristineCommands {}
  variable pristineVars {}
  variable fingerprintScript {}
  variable fingerprint {}
  variable out {}
  variable err {}
  variable outBytes 0
  variable outLimit 0
  variable overflow 0
  variable callId {}
  # Subcommands that only read state: calling them keeps the interpreter reusable.
  variable readOnlyNamespace {current exists which qualifiers tail children parent code origin}
}

fconfigure stdin -translation binary -blocking 1 -buffering none
fconfigure stdout -translation binary -buffering full

proc ::tp::readFrame {} {
  set header [read stdin 4]
  if {[string length $header] < 4} { exit 0 }
  binary scan $header Iu size
  set body [read stdin $size]
  if {[string length $body] < $size} { exit 0 }
  set fields {}
  set offset 0
  while {$offset < $size} {
    binary scan $body @${offset}Iu length
    incr offset 4
    set end [expr {$offset + $length - 1}]
    lappend fields [encoding convertfrom utf-8 [string range $body $offset $end]]
    set offset [expr {$end + 1}]
  }
  return $fields
}

proc ::tp::writeFrame {fields} {
  set body {}
  foreach field $fields {
    set bytes [encoding convertto utf-8 $field]
    append body [binary format I [string length $bytes]] $bytes
  }
  ::puts -nonewline stdout [binary format I [string length $body]]
  ::puts -nonewline stdout $body
  flush stdout
}

# Replaces the child's puts: output is collected per call, stdout and stderr apart, up to a limit.
proc ::tp::puts {args} {
  variable out
  variable err
  variable outBytes
  variable outLimit
  variable overflow
  set newline "\n"
  if {[lindex $args 0] eq "-nonewline"} {
    set newline {}
    set args [lrange $args 1 end]
  }
  switch -- [llength $args] {
    1 { set channel stdout; set text [lindex $args 0] }
    2 { lassign $args channel text }
    default { return -code error {wrong # args: should be "puts ?-nonewline? ?channelId? string"} }
  }
  if {$channel ni {stdout stderr}} {
    return -code error "can not find channel named \"$channel\""
  }
  append text $newline
  incr outBytes [string length [encoding convertto utf-8 $text]]
  if {$outLimit > 0 && $outBytes > $outLimit} {
    set overflow 1
    return -code error "output limit exceeded ($outLimit bytes)"
  }
  if {$channel eq "stdout"} { append out $text } else { append err $text }
  return
}

# An allow-listed host command: ask the host, wait for its reply, return it to the script.
proc ::tp::hostcall {name args} {
  variable callId
  writeFrame [list host $callId $name {*}$args]
  set reply [readFrame]
  lassign $reply type id status value
  if {$type ne "reply" || $id ne $callId} {
    return -code error "tp worker: unexpected host reply \"$type\""
  }
  if {$status eq "ok"} { return $value }
  return -code error $value
}

# Enter trace on the watched commands: marks the interpreter for replacement unless the command
# provably leaves only state that reset removes.
proc ::tp::watch {command op} {
  variable dirty
  variable resetting
  variable procs
  variable pristineCommands
  variable readOnlyNamespace
  if {$dirty || $resetting} return
  set name [lindex $command 0]
  if {[string match ::* $name]} { set name [string range $name 2 end] }
  switch -- $name {
    proc {
      set target [lindex $command 1]
      if {[string match *::* $target] || [dict exists $pristineCommands $target]} {
        set dirty 1
      } else {
        dict set procs $target 1
      }
    }
    namespace {
      if {[lindex $command 1] ni $readOnlyNamespace} { set dirty 1 }
    }
    after {
      # `after ms` only sleeps; scheduling or cancelling scripts leaves state behind.
      if {!([llength $command] == 2 && [string is entier -strict [lindex $command 1]])} {
        set dirty 1
      }
    }
    apply {
      # A lambda with a namespace runs code outside the global namespace.
      if {[llength [lindex $command 1]] > 2} { set dirty 1 }
    }
    default {
      if {!([string match tcl::namespace::* $name]
            && [namespace tail $name] in $readOnlyNamespace)} {
        set dirty 1
      }
    }
  }
}

proc ::tp::createInterp {} {
  variable recursion
  variable hostCommands
  variable pristineCommands
  variable pristineVars
  variable fingerprintScript
  variable fingerprint
  set child [interp create -safe]
  interp recursionlimit $child $recursion
  interp eval $child {
    rename puts {}
    namespace delete ::tcl::unsupported
    namespace eval ::tp {}
  }
  interp alias $child ::puts {} ::tp::puts
  interp alias $child ::tp::watch {} ::tp::watch
  foreach name $hostCommands {
    set qualifiers [namespace qualifiers $name]
    if {$qualifiers ne {}} { interp eval $child [list namespace eval $qualifiers {}] }
    interp alias $child $name {} ::tp::hostcall $name
  }
  variable watched
  if {![info exists watched]} {
    set watched [list proc rename namespace after apply interp chan coroutine package zlib]
    lappend watched {*}[interp eval $child {info commands ::tcl::namespace::*}]
    lappend watched {*}[interp eval $child {info commands ::tcl::chan::*}]
    lappend watched {*}[interp eval $child {info commands ::oo::*}]
  }
  foreach command $watched {
    interp eval $child [list trace add execution $command enter ::tp::watch]
  }
  # `trace` last, so that adding the traces above did not trip it.
  interp eval $child {trace add execution trace enter ::tp::watch}

  set pristineCommands {}
  foreach command [interp eval $child {info commands}] { dict set pristineCommands $command 1 }
  set pristineVars {}
  foreach name [interp eval $child {info vars ::*}] { dict set pristineVars $name 1 }
  # Every pristine interpreter has the same namespaces: walk them once.
  if {$fingerprintScript eq {}} {
    # The ensemble's implementation commands directly: skipping the `info` ensemble's dispatch
    # makes the ~40 lookups a fifth cheaper; redefining them (rename, qualified proc, namespace
    # ensemble) is watched and replaces the interpreter instead.
    set parts [list {llength [::tcl::info::commands]} {array get ::tcl_platform}]
    foreach name {tcl_version tcl_patchLevel tcl_interactive} { lappend parts "set ::$name" }
    set queue [list ::]
    while {[llength $queue]} {
      set queue [lassign $queue namespace]
      lappend parts "::tcl::info::vars ${namespace}::*"
      lappend queue {*}[interp eval $child [list namespace children $namespace]]
    }
    set fingerprintScript "list \[[join $parts "\] \["]\]"
  }
  set fingerprint [interp eval $child $fingerprintScript]
  return $child
}

# Brings the interpreter back to its pristine state, or replaces it.
proc ::tp::reset {limitHit} {
  variable interp
  variable dirty
  variable resetting
  variable procs
  variable pristineVars
  variable fingerprintScript
  variable fingerprint
  if {$limitHit} { set dirty 1 }
  if {!$dirty} {
    set resetting 1
    interp limit $interp command -value {}
    interp limit $interp time -seconds {} -milliseconds {}
    set failed [catch {
      foreach name [dict keys $procs] { interp eval $interp [list ::rename $name {}] }
      set extra {}
      foreach name [interp eval $interp {::info vars ::*}] {
        if {![dict exists $pristineVars $name]} { lappend extra $name }
      }
      if {[llength $extra]} { interp eval $interp [list ::unset -nocomplain {*}$extra] }
      interp eval $interp {::info script {}}
      if {[interp eval $interp $fingerprintScript] ne $fingerprint} { set dirty 1 }
    }]
    set resetting 0
    if {$failed} { set dirty 1 }
  }
  if {$dirty} {
    catch {interp delete $interp}
    set interp [createInterp]
  }
  set dirty 0
  set procs {}
}

proc ::tp::call {fields} {
  variable interp
  variable out
  variable err
  variable outBytes
  variable outLimit
  variable overflow
  variable callId
  set parameters [lassign $fields _ callId script mode commands timeMs outLimit]
  set out {}
  set err {}
  set outBytes 0
  set overflow 0
  foreach {name value} $parameters {
    interp eval $interp [list ::set $name $value]
  }
  if {$commands > 0} {
    interp limit $interp command -value [expr {[interp eval $interp {::info cmdcount}] + $commands}]
  }
  if {$timeMs > 0} {
    set deadline [expr {[clock milliseconds] + $timeMs}]
    interp limit $interp time -seconds [expr {$deadline / 1000}] -milliseconds [expr {$deadline % 1000}]
  }
  set code [catch {interp eval $interp $script} value options]
  set limitHit 0
  if {$code == 1} {
    set errorCode [dict get $options -errorcode]
    set kind tcl
    if {$overflow} {
      set kind output
    } elseif {[lrange $errorCode 0 1] eq {TCL LIMIT}} {
      set kind [string map {COMMANDS commands TIME time STACK recursion} [lindex $errorCode 2]]
      set limitHit 1
    } elseif {[lrange $errorCode 0 1] eq {TCL MEMORY}} {
      # An allocation refused under the worker's ulimit: the interpreter is not trusted after it.
      set kind memory
      set limitHit 1
    }
    set reply [list result $callId error $kind $value [dict get $options -errorinfo] $errorCode $out $err]
  } elseif {$code == 3 || $code == 4} {
    set reply [list result $callId error tcl "invoked \"[lindex {break continue} [expr {$code - 3}]]\" outside of a loop" {} {} $out $err]
  } elseif {$code != 0 && $code != 2} {
    set reply [list result $callId error tcl "unexpected return code $code" {} {} $out $err]
  } elseif {$overflow} {
    set reply [list result $callId error output "output limit exceeded ($outLimit bytes)" {} {} $out $err]
  } elseif {$outLimit > 0 && [string length $value] > $outLimit
            && [string length [encoding convertto utf-8 $value]] > $outLimit} {
    set reply [list result $callId error output "result exceeds the output limit ($outLimit bytes)" {} {} {} {}]
  } elseif {$mode eq "json"} {
    if {[catch {dict size $value}]} {
      set reply [list result $callId error json "a --json tool must return a dict, got: [string range $value 0 200]" {} {} $out $err]
    } else {
      set reply [list result $callId ok json $out $err {*}[dict get $value]]
    }
  } else {
    set reply [list result $callId ok text $out $err $value]
  }
  return [list $reply $limitHit]
}

set ::tp::interp [::tp::createInterp]
::tp::writeFrame [list ready [info patchlevel]]
while 1 {
  set fields [::tp::readFrame]
  switch -- [lindex $fields 0] {
    call {
      # Reply first, then reset: the reset is off the caller's critical path.
      lassign [::tp::call $fields] reply limitHit
      ::tp::writeFrame $reply
      ::tp::reset $limitHit
    }
    default { ::tp::writeFrame [list error [lindex $fields 0] "unknown message"] }
  }
}

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
# Every call runs in a safe interpreter made for it and deleted after the reply is written, so no
# state (variables and their values, commands, the rand() seed, `info cmdcount`) carries over from
# one call to the next. docs/runtime-tcl.md explains why a new interpreter and not a reset.

namespace eval ::tp {
  variable recursion [lindex $::argv 0]
  variable hostCommands [lrange $::argv 1 end]
  variable interp {}
  variable out {}
  variable err {}
  variable outBytes 0
  variable outLimit 0
  variable overflow 0
  variable callId {}
  # Seeds each interpreter's rand(): what one call saw says nothing about the next one's sequence.
  variable random [open /dev/urandom rb]
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

# A new safe interpreter for one call: the sandbox of docs/runtime-tcl.md, minus host facts.
proc ::tp::createInterp {} {
  variable recursion
  variable hostCommands
  variable random
  set child [interp create -safe]
  interp recursionlimit $child $recursion
  # `pid`, `info nameofexecutable`, `info hostname` and the build paths of `::tcl::pkgconfig`
  # describe the host, not the language; the safe base already strips tcl_platform(os, user...).
  interp hide $child pid
  interp eval $child {
    rename puts {}
    namespace delete ::tcl::unsupported
    rename ::tcl::pkgconfig {}
    rename ::tcl::info::nameofexecutable {}
    rename ::tcl::info::hostname {}
    namespace ensemble configure ::info \
      -map [dict remove [namespace ensemble configure ::info -map] nameofexecutable hostname]
  }
  binary scan [read $random 4] Iu seed
  interp eval $child [list ::tcl::mathfunc::srand [expr {$seed & 0x7fffffff}]]
  interp alias $child ::puts {} ::tp::puts
  foreach name $hostCommands {
    set qualifiers [namespace qualifiers $name]
    if {$qualifiers ne {}} { interp eval $child [list namespace eval $qualifiers {}] }
    interp alias $child $name {} ::tp::hostcall $name
  }
  return $child
}

# At most `limit` UTF-8 bytes of `text`, with a marker when it was cut (an error message or
# errorInfo must not get past the output limit either).
proc ::tp::truncate {text limit} {
  if {[string length $text] * 4 <= $limit} { return $text }
  set bytes [encoding convertto utf-8 [string range $text 0 $limit]]
  if {[string length $bytes] <= $limit} { return $text }
  # Cut before the character that straddles the limit (its continuation bytes are 10xxxxxx).
  set cut $limit
  while {$cut > 0 && ([scan [string index $bytes $cut] %c] & 0xC0) == 0x80} { incr cut -1 }
  set keep [encoding convertfrom utf-8 [string range $bytes 0 [expr {$cut - 1}]]]
  return "$keep\n... (truncated by the output limit of $limit bytes; [string length $text] characters in all)"
}

# The limit a failed evaluation ran into: `TCL LIMIT …` errors name it; `vwait` and `update`
# report a plain "limit exceeded", so ask the interpreter (its limit stays exceeded) or the clock.
proc ::tp::limitKind {errorCode message deadline} {
  if {[lrange $errorCode 0 1] eq {TCL LIMIT}} {
    return [string map {COMMANDS commands TIME time STACK recursion} [lindex $errorCode 2]]
  }
  if {$errorCode ne {NONE} || $message ne {limit exceeded}} { return {} }
  variable interp
  if {[catch {interp eval $interp list} -> options]
      && [lrange [dict get $options -errorcode] 0 1] eq {TCL LIMIT}} {
    return [limitKind [dict get $options -errorcode] {} $deadline]
  }
  if {$deadline ne {} && [clock milliseconds] >= $deadline} { return time }
  return {}
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
  set deadline {}
  if {$timeMs > 0} {
    set deadline [expr {[clock milliseconds] + $timeMs}]
    interp limit $interp time -seconds [expr {$deadline / 1000}] -milliseconds [expr {$deadline % 1000}]
  }
  set code [catch {interp eval $interp $script} value options]
  if {$code == 1} {
    set errorCode [dict get $options -errorcode]
    set kind [limitKind $errorCode $value $deadline]
    if {$overflow} {
      set kind output
    } elseif {[lrange $errorCode 0 1] eq {TCL MEMORY}} {
      set kind memory
    } elseif {$kind eq {}} {
      set kind tcl
    }
    set reply [list result $callId error $kind [truncate $value $outLimit] \
      [truncate [dict get $options -errorinfo] $outLimit] [truncate $errorCode $outLimit] $out $err]
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
  return $reply
}

set ::tp::interp [::tp::createInterp]
::tp::writeFrame [list ready [info patchlevel]]
while 1 {
  set fields [::tp::readFrame]
  switch -- [lindex $fields 0] {
    call {
      # Reply first, then replace the interpreter: that is off the caller's critical path.
      ::tp::writeFrame [::tp::call $fields]
      interp delete $::tp::interp
      set ::tp::interp [::tp::createInterp]
    }
    default { ::tp::writeFrame [list error [lindex $fields 0] "unknown message"] }
  }
}

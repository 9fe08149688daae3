# @description Reverses a string
# @version 2.0
# @param text:string:required Text to reverse
# @param times:int:optional How often to reverse (odd counts reverse)
# @param tags:list:optional Labels echoed back
# @param mode:weird_type unknown types become strings
# This comment is after the header fields but still in the header block.

set result $text
if {![info exists times]} { set times 1 }
for {set i 0} {$i < $times} {incr i} { set result [string reverse $result] }
set result

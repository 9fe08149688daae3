#!/usr/bin/env tclsh
# @description Adds two integers and explains the sum
# @param a:int:required First addend
# @param b:int:required Second addend

return "Result: $a + $b = [expr {$a + $b}]"

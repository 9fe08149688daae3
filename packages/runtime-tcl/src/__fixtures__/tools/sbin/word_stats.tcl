# @description Counts words and characters of a text (returns a dict)
# @param text:string:required The text to measure
# @result json

dict create words [llength [regexp -all -inline {\S+} $text]] chars [string length $text] empty [expr {$text eq "" ? "true" : "false"}]

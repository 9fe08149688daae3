import { defineTclTool } from '../define-tcl-tool.js';

/** The conformance suite's echo / fail / slow tools, written in Tcl. */
export const echo = defineTclTool({
  name: 'echo',
  namespace: 'conformance',
  description: 'Returns text unchanged',
  parameters: [{ name: 'text', type_name: 'string', required: true }],
  script: 'set text',
});

export const fail = defineTclTool({
  name: 'fail',
  namespace: 'conformance',
  description: 'Fails with the given message',
  parameters: [{ name: 'message', type_name: 'string', required: true }],
  script: 'error $message',
});

// Sleeps in small steps so that the interpreter's time limit can stop it between commands.
export const slow = defineTclTool({
  name: 'slow',
  namespace: 'conformance',
  description: 'Returns "done" after ms milliseconds',
  parameters: [{ name: 'ms', type_name: 'number', required: true }],
  script: `set end [expr {[clock milliseconds] + $ms}]
while {[clock milliseconds] < $end} { after 5 }
return done`,
});

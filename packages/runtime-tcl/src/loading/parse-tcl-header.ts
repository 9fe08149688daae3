import type { TclResultMode } from '../define-tcl-tool.js';
import type { TclParameter } from '../tcl-parameters.js';

export interface TclHeader {
  readonly description?: string;
  readonly version?: string;
  readonly result?: TclResultMode;
  readonly parameters: TclParameter[];
}

/**
 * Reads the TCL MCP server's header comments: `# @description …`, `# @version …`,
 * `# @param name:type[:required|optional] description`, plus tp's `# @result text|json|capture`.
 * The header is the leading run of comment lines (a shebang included); a blank line ends it.
 */
export function parseTclHeader(text: string): TclHeader {
  const header: { description?: string; version?: string; result?: TclResultMode } = {};
  const parameters: TclParameter[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('#')) break;
    const comment = trimmed.replace(/^#+/, '').trim();
    const [tag, ...words] = comment.split(/\s+/);
    const rest = comment.slice((tag ?? '').length).trim();
    if (tag === '@description') header.description = rest;
    else if (tag === '@version') header.version = rest;
    else if (tag === '@result' && ['text', 'json', 'capture'].includes(rest)) {
      header.result = rest as TclResultMode;
    } else if (tag === '@param' && words.length > 0) {
      const [name = '', type = 'string', requirement] = words[0]!.split(':');
      parameters.push({
        name,
        type_name: type,
        required: requirement === 'required',
        description: words.slice(1).join(' '),
      });
    }
  }
  return { ...header, parameters };
}

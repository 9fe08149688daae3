import { defineTool, type ToolDefinition } from '@tp/core';
import { TOOL_CATALOG } from './tool-catalog.js';

let defined: ToolDefinition[] | undefined;

/**
 * The catalog as in-process tools (each answers with its own qualified name and arguments).
 * Definitions are immutable, so one set serves every registry of a test file.
 */
export function catalogTools(): ToolDefinition[] {
  defined ??= defineCatalog();
  return defined;
}

function defineCatalog(): ToolDefinition[] {
  return Object.entries(TOOL_CATALOG).flatMap(([namespace, lines]) =>
    lines.map((line) => {
      const [name = '', description = '', parameters = ''] = line.split('|');
      const properties = Object.fromEntries(
        parameters
          .split(';')
          .filter((parameter) => parameter !== '')
          .map((parameter) => {
            const [parameterName = '', parameterDescription = ''] = parameter.split(':');
            return [parameterName, { type: 'string', description: parameterDescription }];
          }),
      );
      return defineTool({
        name,
        namespace,
        description,
        inputSchema: { type: 'object', properties },
        execute: (args) => ({ tool: `${namespace}.${name}`, args }),
      });
    }),
  );
}

export const tools = [{ name: 'not-defined-with-defineTool' }];

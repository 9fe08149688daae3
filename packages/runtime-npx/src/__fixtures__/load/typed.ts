import { z } from 'zod';

export const count = {
  name: 'count',
  description: 'Counts the words of a text',
  inputSchema: z.object({ text: z.string() }),
  execute: ({ text }: { text: string }): number => text.split(/\s+/).filter(Boolean).length,
};

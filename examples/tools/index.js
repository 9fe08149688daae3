// Sample in-process tools for `tp call` / `tp tools list` and the docs. Plain JavaScript on
// purpose: a tools module is any ES module exporting definitions made with defineTool.
import { defineTool, TpError } from '@tp/core';
import { z } from 'zod';

const toCelsius = { C: (v) => v, F: (v) => ((v - 32) * 5) / 9, K: (v) => v - 273.15 };
const fromCelsius = { C: (v) => v, F: (v) => (v * 9) / 5 + 32, K: (v) => v + 273.15 };

export const convertTemperature = defineTool({
  name: 'convert_temperature',
  description: 'Converts a temperature between Celsius (C), Fahrenheit (F) and Kelvin (K).',
  inputSchema: z.object({
    value: z.number(),
    from: z.enum(['C', 'F', 'K']),
    to: z.enum(['C', 'F', 'K']),
  }),
  sideEffect: 'read_only',
  idempotent: true,
  execute: ({ value, from, to }) => {
    const converted = fromCelsius[to](toCelsius[from](value));
    return { value: Math.round(converted * 100) / 100, unit: to };
  },
});

// Defined with a plain JSON Schema instead of zod: both are first-class.
export const textStats = defineTool({
  name: 'text_stats',
  description: 'Counts the words, characters and lines of a text.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string', description: 'the text to measure' } },
    required: ['text'],
    additionalProperties: false,
  },
  sideEffect: 'read_only',
  idempotent: true,
  execute: ({ text }) => ({
    words: text.split(/\s+/u).filter(Boolean).length,
    characters: [...text].length,
    lines: text === '' ? 0 : text.split('\n').length,
  }),
});

export const currentTime = defineTool({
  name: 'current_time',
  description: 'The current date and time in an IANA time zone (default UTC).',
  inputSchema: z.object({ timeZone: z.string().default('UTC') }),
  sideEffect: 'read_only',
  execute: ({ timeZone }) => {
    try {
      const formatted = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        dateStyle: 'full',
        timeStyle: 'long',
      }).format(new Date());
      return { timeZone, formatted };
    } catch {
      // A stable code lets the model (or the caller) see what to fix.
      throw new TpError({
        code: 'TOOL_VALIDATION_ERROR',
        message: `unknown time zone "${timeZone}" (use an IANA name such as Europe/Lisbon)`,
      });
    }
  },
});

// A small note book in the "notes" namespace: call it as notes.save / notes.search.
const notes = [];

export const saveNote = defineTool({
  name: 'save',
  namespace: 'notes',
  description: 'Saves a note with a title and a body; returns its id.',
  inputSchema: z.object({
    title: z.string().min(1).max(200),
    body: z.string().max(10_000),
    tags: z.array(z.string()).default([]),
  }),
  sideEffect: 'write',
  execute: ({ title, body, tags }) => {
    const note = { id: notes.length + 1, title, body, tags };
    notes.push(note);
    return { id: note.id };
  },
});

export const searchNotes = defineTool({
  name: 'search',
  namespace: 'notes',
  description: 'Finds saved notes whose title, body or tags contain the query (case-insensitive).',
  inputSchema: z.object({
    query: z.string().min(1),
    limit: z.number().int().positive().default(5),
  }),
  sideEffect: 'read_only',
  execute: ({ query, limit }) => {
    const needle = query.toLowerCase();
    return notes
      .filter((note) =>
        [note.title, note.body, ...note.tags].some((text) => text.toLowerCase().includes(needle)),
      )
      .slice(0, limit);
  },
});

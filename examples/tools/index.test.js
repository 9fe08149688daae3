import { createProcessor, createRegistry } from '@tp/core';
import { describe, expect, it } from 'vitest';
import * as exampleTools from './index.js';

const processorWithExamples = () => {
  const registry = createRegistry();
  registry.register(...Object.values(exampleTools));
  return createProcessor({ registry });
};

const call = (id, tool, args) => ({ id, tool, arguments: args });

describe('example tools', () => {
  it('convert temperatures between C, F and K', async () => {
    const results = await processorWithExamples().execute([
      call('1', 'convert_temperature', { value: 77, from: 'F', to: 'C' }),
      call('2', 'convert_temperature', { value: -40, from: 'C', to: 'F' }),
      call('3', 'convert_temperature', { value: 300, from: 'K', to: 'F' }),
    ]);
    expect(results.map((result) => result.value)).toEqual([
      { value: 25, unit: 'C' },
      { value: -40, unit: 'F' },
      { value: 80.33, unit: 'F' },
    ]);
  });

  it('count words, characters (not UTF-16 units) and lines', async () => {
    const [result] = await processorWithExamples().execute([
      call('1', 'text_stats', { text: 'Café 🚀 ok\nsecond line' }),
    ]);
    expect(result.value).toEqual({ words: 5, characters: 21, lines: 2 });
  });

  it('save notes and find them again (zod defaults applied)', async () => {
    const processor = processorWithExamples();
    const [saved] = await processor.execute([
      call('1', 'notes.save', { title: 'Lisbon trip', body: 'café at 8' }),
    ]);
    expect(saved).toMatchObject({ ok: true, value: { id: expect.any(Number) } });
    const [found] = await processor.execute([call('2', 'notes.search', { query: 'LISBON' })]);
    expect(found.value).toContainEqual({
      id: saved.value.id,
      title: 'Lisbon trip',
      body: 'café at 8',
      tags: [],
    });
  });

  it('report the time in a zone, and a stable error code for an unknown zone', async () => {
    const [lisbon, nowhere] = await processorWithExamples().execute([
      call('1', 'current_time', { timeZone: 'Europe/Lisbon' }),
      call('2', 'current_time', { timeZone: 'Mars/Olympus_Mons' }),
    ]);
    expect(lisbon.value).toMatchObject({ timeZone: 'Europe/Lisbon' });
    expect(lisbon.value.formatted).toMatch(/\d{4}/);
    expect(nowhere.error).toMatchObject({ code: 'TOOL_VALIDATION_ERROR' });
    expect(nowhere.error.message).toContain('Mars/Olympus_Mons');
  });

  it('reject invalid arguments before running', async () => {
    const [result] = await processorWithExamples().execute([
      call('1', 'convert_temperature', { value: 'hot', from: 'C', to: 'X' }),
    ]);
    expect(result.error.code).toBe('TOOL_VALIDATION_ERROR');
    expect(result.attempts).toBe(0);
  });
});

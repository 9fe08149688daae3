import { describe, expect, it } from 'vitest';
import { isValidTraceparent, isValidTracestate, parseTraceparent } from './trace-context.js';

const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses a valid header', () => {
    expect(parseTraceparent(valid)).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: '01',
      sampled: true,
    });
    expect(parseTraceparent(valid.replace(/01$/, '00'))?.sampled).toBe(false);
  });

  it.each([
    ['uppercase hex', valid.toUpperCase()],
    ['version ff', valid.replace(/^00/, 'ff')],
    ['all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['all-zero parent id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
    ['extra field on version 00', `${valid}-extra`],
    ['garbage', 'hello'],
  ])('rejects %s', (_name, header) => {
    expect(isValidTraceparent(header)).toBe(false);
  });

  it('accepts a future version with extra fields', () => {
    expect(isValidTraceparent(`01-${valid.slice(3)}-future`)).toBe(true);
    expect(isValidTraceparent(42)).toBe(false);
  });
});

describe('tracestate', () => {
  it('accepts W3C lists', () => {
    expect(isValidTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe(true);
    expect(isValidTracestate('tenant@vendor=value, other=1')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no value', 'rojo'],
    ['uppercase key', 'Rojo=1'],
    ['duplicate key', 'a=1,a=2'],
    ['comma in value', 'a=1=,'],
    ['too many members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
  ])('rejects %s', (_name, header) => {
    expect(isValidTracestate(header)).toBe(false);
  });
});

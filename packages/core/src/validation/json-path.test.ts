import { describe, expect, it } from 'vitest';
import { jsonPointerToPath, toJsonPath } from './json-path.js';

describe('toJsonPath', () => {
  it('renders identifiers, indices, odd keys, symbols and Standard Schema path segments', () => {
    expect(toJsonPath([])).toBe('$');
    expect(toJsonPath(['items', 2, 'name'])).toBe('$.items[2].name');
    expect(toJsonPath(['odd key', '1st', '$ok', '_x'])).toBe('$["odd key"]["1st"].$ok._x');
    expect(toJsonPath([{ key: 'a' }, { key: 0 }])).toBe('$.a[0]');
    expect(toJsonPath(['quote"d'])).toBe('$["quote\\"d"]');
    expect(toJsonPath([Symbol('s')])).toBe('$["Symbol(s)"]');
  });
});

describe('jsonPointerToPath', () => {
  it('converts JSON Pointers, unescaping ~1 and ~0', () => {
    expect(jsonPointerToPath('')).toBe('$');
    expect(jsonPointerToPath('/items/2/name')).toBe('$.items[2].name');
    expect(jsonPointerToPath('/a~1b/c~0d')).toBe('$["a/b"]["c~d"]');
    expect(jsonPointerToPath('/')).toBe('$[""]');
  });
});

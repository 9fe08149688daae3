import { describe, expect, it } from 'vitest';
import { closestNames } from './closest-names.js';

describe('closestNames', () => {
  const names = ['get_weather', 'get_forecast', 'search', 'web_search', 'read_file', 'write_file'];

  it('finds typos, case differences and containment, best first', () => {
    expect(closestNames('get_wether', names)).toEqual(['get_weather']);
    expect(closestNames('SEARCH', names)).toEqual(['search', 'web_search']);
    expect(closestNames('read_fil', names)[0]).toBe('read_file');
  });

  it('limits the number of suggestions and ignores distant names', () => {
    expect(closestNames('file', names, 1)).toHaveLength(1);
    expect(closestNames('completely_unrelated', names)).toEqual([]);
  });

  it('suggests nothing for an empty name', () => {
    expect(closestNames('', names)).toEqual([]);
  });

  it('orders equally close names alphabetically', () => {
    expect(closestNames('cat', ['hat', 'bat', 'rat'])).toEqual(['bat', 'hat', 'rat']);
  });
});

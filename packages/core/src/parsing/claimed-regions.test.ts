import { describe, expect, it } from 'vitest';
import { ClaimedRegions } from './claimed-regions.js';

describe('ClaimedRegions', () => {
  it('refuses overlaps in either direction and reports the region around an offset', () => {
    const regions = new ClaimedRegions();
    expect(regions.claim(10, 20)).toBe(true);
    expect(regions.claim(30, 40)).toBe(true);
    expect(regions.claim(0, 5)).toBe(true);
    expect(regions.claim(15, 25)).toBe(false);
    expect(regions.claim(5, 11)).toBe(false);
    expect(regions.claim(20, 30)).toBe(true);
    expect(regions.endAt(12)).toBe(20);
    expect(regions.endAt(20)).toBe(30);
    expect(regions.endAt(45)).toBe(-1);
    expect(regions.endAt(7)).toBe(-1);
  });

  it('treats an empty claim as one character so it still blocks its offset', () => {
    const regions = new ClaimedRegions();
    expect(regions.claim(3, 3)).toBe(true);
    expect(regions.endAt(3)).toBe(4);
    expect(regions.claim(3, 3)).toBe(false);
  });
});

describe('ClaimedRegions across dialects', () => {
  it('checks a dialect claim against sealed regions and its own, before and after sealing', () => {
    const regions = new ClaimedRegions();
    for (let start = 0; start < 100; start += 10)
      expect(regions.claim(start, start + 5)).toBe(true);
    regions.seal();
    expect(regions.claim(7, 9)).toBe(true);
    expect(regions.claim(8, 12)).toBe(false);
    expect(regions.claim(27, 29)).toBe(true);
    expect(regions.claim(17, 19)).toBe(true);
    expect(regions.claim(18, 19)).toBe(false);
    expect(regions.endAt(28)).toBe(29);
    expect(regions.endAt(3)).toBe(5);
    regions.seal();
    expect(regions.claim(16, 18)).toBe(false);
    expect(regions.claim(5, 7)).toBe(true);
    expect([0, 5, 7, 17, 27, 92].map((offset) => regions.endAt(offset))).toEqual([
      5, 7, 9, 19, 29, 95,
    ]);
  });
});

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

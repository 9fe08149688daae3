import { describe, expect, it } from 'vitest';
import { compareVersions, isPrerelease, satisfiesRange } from './version-range.js';

describe('compareVersions', () => {
  it('orders releases numerically, not as text', () => {
    const sorted = ['1.10.0', '1.2.0', '0.9.9', '1.2.10', '1.2.9', '10.0.0', '2.0.0'].sort(
      compareVersions,
    );
    expect(sorted).toEqual(['0.9.9', '1.2.0', '1.2.9', '1.2.10', '1.10.0', '2.0.0', '10.0.0']);
  });

  it('orders prereleases by SemVer precedence', () => {
    // The example list of SemVer 2.0.0 §11, shuffled.
    const expected = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    const shuffled = [4, 7, 0, 6, 2, 5, 1, 3].map((index) => expected[index]!);
    expect(shuffled.sort(compareVersions)).toEqual(expected);
    expect(compareVersions('1.0.0-beta.2', '1.0.0-beta.10')).toBeLessThan(0);
    expect(compareVersions('2.0.0-0', '1.99.99')).toBeGreaterThan(0);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3-rc.1', '1.2.3-rc.1')).toBe(0);
  });

  it('sorts strings that are not versions after versions', () => {
    expect(['b', '1.0.0', 'a'].sort(compareVersions)).toEqual(['1.0.0', 'a', 'b']);
    expect(compareVersions('x', 'x')).toBe(0);
  });
});

describe('isPrerelease', () => {
  it('tells prereleases from releases', () => {
    expect(isPrerelease('1.0.0-rc.1')).toBe(true);
    expect(isPrerelease('1.0.0')).toBe(false);
    expect(isPrerelease('garbage')).toBe(false);
  });
});

describe('satisfiesRange', () => {
  const table: Array<[string, string[], string[]]> = [
    // range, satisfied by, not satisfied by
    ['1.2.3', ['1.2.3'], ['1.2.4', '1.2.3-beta']],
    ['=1.2.3', ['1.2.3'], ['1.2.4']],
    ['v1.2.3', ['1.2.3'], ['1.2.4']],
    ['1.2.3-beta.1', ['1.2.3-beta.1'], ['1.2.3', '1.2.3-beta.2']],
    ['*', ['0.0.1', '1.0.0', '99.1.1'], ['1.0.0-rc.1']],
    ['', ['1.0.0'], ['1.0.0-rc.1']],
    ['1', ['1.0.0', '1.9.9'], ['2.0.0', '0.9.0', '1.5.0-beta']],
    ['1.x', ['1.0.0', '1.9.9'], ['2.0.0', '0.9.0', '2.0.0-0']],
    ['1.*', ['1.4.0'], ['2.0.0']],
    ['1.2.x', ['1.2.0', '1.2.99'], ['1.3.0', '1.1.9']],
    ['1.2', ['1.2.0', '1.2.99'], ['1.3.0']],
    ['^1.2.0', ['1.2.0', '1.9.0'], ['1.1.9', '2.0.0', '1.3.0-beta', '2.0.0-beta']],
    [
      '^1.2.3-beta.2',
      ['1.2.3-beta.2', '1.2.3-beta.10', '1.2.3', '1.8.0'],
      ['1.2.3-beta.1', '1.2.4-beta'],
    ],
    ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0', '0.2.2']],
    ['^0.0.3', ['0.0.3'], ['0.0.4', '0.0.2']],
    ['^0.0', ['0.0.0', '0.0.9'], ['0.1.0']],
    ['^0.x', ['0.0.1', '0.9.0'], ['1.0.0']],
    ['^1.x', ['1.0.0', '1.7.0'], ['2.0.0']],
    ['~1.2.0', ['1.2.0', '1.2.9'], ['1.3.0', '1.1.0']],
    ['~1.2', ['1.2.0', '1.2.9'], ['1.3.0']],
    ['~1', ['1.0.0', '1.9.0'], ['2.0.0', '0.9.0']],
    ['>=1.2.0', ['1.2.0', '5.0.0'], ['1.1.9', '2.0.0-rc.1']],
    ['>= 1.2', ['1.2.0'], ['1.1.0']],
    ['>1.2.0', ['1.2.1'], ['1.2.0']],
    ['>1.2', ['1.3.0'], ['1.2.9']],
    ['<2.0.0', ['1.9.9'], ['2.0.0', '2.0.0-beta']],
    ['<=1.2', ['1.2.9', '0.1.0'], ['1.3.0']],
    ['<=1.2.3', ['1.2.3'], ['1.2.4']],
    ['>=1.0.0 <2.0.0', ['1.0.0', '1.9.9'], ['2.0.0', '0.9.9']],
    ['>=1.0.0-rc.1 <2', ['1.0.0-rc.1', '1.0.0-rc.2', '1.0.0'], ['1.0.1-rc.1']],
    ['1.x || >=3.0.0', ['1.5.0', '3.1.0'], ['2.0.0']],
    ['>*', [], ['1.0.0']],
    ['<*', [], ['1.0.0']],
    ['latest-ish', [], ['1.0.0']],
    ['1.2.3.4', [], ['1.2.3']],
    ['^', [], ['1.0.0']],
  ];
  it.each(table)('%s', (range, yes, no) => {
    for (const version of yes) expect(satisfiesRange(version, range), version).toBe(true);
    for (const version of no) expect(satisfiesRange(version, range), version).toBe(false);
  });

  it('compares versions that are not semantic versions literally', () => {
    expect(satisfiesRange('nightly', 'nightly')).toBe(true);
    expect(satisfiesRange('nightly', '1.x')).toBe(false);
  });
});

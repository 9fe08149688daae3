import { describe, expect, it } from 'vitest';
import { classifyIPv4, classifyIPv6 } from './address-class.js';
import { parseIPv4, parseIPv6 } from './ip-address.js';

const formatIPv4 = (value: number) =>
  [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');

describe('parseIPv4', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x', '0.0.0.0'],
    ['10.1', '10.0.0.1'],
    ['192.168.257', '192.168.1.1'],
    ['1.2.3.4.', '1.2.3.4'],
  ])('%s -> %s', (text, expected) => {
    expect(formatIPv4(parseIPv4(text)!)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.256',
    '08.1.1.1',
    '0xg.1',
    'example.com',
    '4294967296',
    '1..2',
  ])('rejects %s', (text) => {
    expect(parseIPv4(text)).toBeUndefined();
  });
});

describe('parseIPv6', () => {
  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['[::1]', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('%s', (text, groups) => {
    expect(parseIPv6(text)).toEqual(groups);
  });

  it.each([
    '1:2:3',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:1.2.3',
    '::12345',
    '1:2:3:4:5:6:7::8:9',
    'abc',
  ])('rejects %s', (text) => {
    expect(parseIPv6(text)).toBeUndefined();
  });
});

describe('address classes', () => {
  it('classifies public addresses as nothing', () => {
    expect(classifyIPv4(parseIPv4('8.8.8.8')!)).toBeUndefined();
    expect(classifyIPv6(parseIPv6('2606:4700::1')!)).toBeUndefined();
    expect(classifyIPv6(parseIPv6('2001:db8::1')!)).toBe('reserved');
    expect(classifyIPv6(parseIPv6('100::1')!)).toBe('reserved');
    expect(classifyIPv6(parseIPv6('fec0::1')!)).toBe('private');
    expect(classifyIPv6(parseIPv6('::ffff:0:127.0.0.1')!)).toBe('loopback');
  });
});

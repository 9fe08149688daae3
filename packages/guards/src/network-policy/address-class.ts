import type { IpAddress } from './ip-address.js';

/** Why an address is not a public unicast address. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type Range4 = readonly [base: string, prefix: number, kind: AddressClass];

// Most specific first: the metadata addresses sit inside link-local and shared ranges.
const ranges4: readonly Range4[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack...
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['192.0.0.192', 32, 'metadata'], // Oracle Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

const compiled4 = ranges4.map(([base, prefix, kind]) => {
  const value = base.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { value: (value & mask) >>> 0, mask, kind };
});

export function classifyIPv4(value: number): AddressClass | undefined {
  for (const range of compiled4) {
    if ((value & range.mask) >>> 0 === range.value) return range.kind;
  }
  return undefined;
}

/** IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIPv4(groups: readonly number[]): number | undefined {
  const v4 = (groups[6]! << 16) + groups[7]!;
  const zeroPrefix = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (zeroPrefix(5) && groups[5] === 0xffff) return v4 >>> 0; // ::ffff:a.b.c.d
  if (zeroPrefix(4) && groups[4] === 0xffff && groups[5] === 0) return v4 >>> 0; // ::ffff:0:a.b.c.d
  if (zeroPrefix(6) && v4 > 1) return v4 >>> 0; // ::a.b.c.d (deprecated compatible form)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return v4 >>> 0; // NAT64 64:ff9b::/96
  }
  if (groups[0] === 0x2002) return ((groups[1]! << 16) + groups[2]!) >>> 0; // 6to4
  return undefined;
}

export function classifyIPv6(groups: readonly number[]): AddressClass | undefined {
  const embedded = embeddedIPv4(groups);
  if (embedded !== undefined) return classifyIPv4(embedded);
  const first = groups[0]!;
  if (groups.every((group) => group === 0)) return 'unspecified';
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return 'loopback';
  if (
    first === 0xfd00 &&
    groups[1] === 0x0ec2 &&
    groups.slice(2, 7).every((g) => g === 0) &&
    groups[7] === 0x254
  ) {
    return 'metadata'; // AWS IMDS over IPv6
  }
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((first & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && groups[1] === 0x0db8) return 'reserved'; // documentation
  if (first === 0x0100 && groups.slice(1, 4).every((group) => group === 0)) return 'reserved'; // discard
  return undefined;
}

export function classifyAddress(address: IpAddress): AddressClass | undefined {
  return address.family === 4 ? classifyIPv4(address.value) : classifyIPv6(address.groups);
}

const loopbackNames =
  /^(?:localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/;
const metadataNames = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
]);

/** Host names that always mean this machine or a cloud metadata service. */
export function classifyHostName(host: string): AddressClass | undefined {
  if (loopbackNames.test(host)) return 'loopback';
  if (metadataNames.has(host)) return 'metadata';
  return undefined;
}

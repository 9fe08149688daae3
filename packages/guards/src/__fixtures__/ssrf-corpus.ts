/**
 * SSRF corpus for networkPolicyGuard (default options). `blocked` entries each reach a loopback,
 * private, link-local, metadata, unspecified, multicast or reserved host, or use a scheme that is
 * not allowed, in a form some client (WHATWG URL / fetch first) accepts; `allowed` entries are
 * ordinary arguments that must not be taken for one. Add every new bypass here.
 */

export interface SsrfCase {
  readonly args: Readonly<Record<string, unknown>>;
  readonly note: string;
}

const url = (value: string, note: string): SsrfCase => ({ args: { url: value }, note });

export const blockedUrls: readonly string[] = [
  'http://127.0.0.1/',
  'http://127.0.0.1:8080/admin',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://app.localhost/',
  'http://2130706433/', // decimal
  'http://0177.0.0.1/', // octal
  'http://0177.1/', // octal, short form
  'http://0x7f.0.0.1/', // hex part
  'http://0x7f000001/', // hex whole
  'http://0x7F.1/',
  'http://017700000001/', // octal whole
  'http://127.1/', // short form
  'http://127.0.1/',
  'http://127.0.0.1./', // trailing dot
  'http://127.0.0.1../',
  'http://[::1]/',
  'http://[::1]:80/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/', // IPv4-mapped IPv6
  'http://[::ffff:7f00:1]/', // mapped, hex tail
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::ffff:a9fe:a9fe]/', // mapped 169.254.169.254
  'http://[::127.0.0.1]/', // IPv4-compatible
  'http://[64:ff9b::127.0.0.1]/', // NAT64
  'http://[2002:7f00:1::]/', // 6to4 around 127.0.0.1
  'http://[fe80::1%25eth0]/', // link-local with zone
  'http://[fd00:ec2::254]/', // AWS IMDS IPv6
  'http://[fc00::1]/', // unique local
  'http://[::]/', // unspecified
  'http://[ff02::1]/', // multicast
  'http://a@127.0.0.1/', // userinfo trick
  'http://user:pass@127.0.0.1:80/',
  'http://example.com@127.0.0.1/',
  'http://127.0.0.1\\@example.com/', // backslash differential
  'http://127.0.0.1#@example.com/',
  'http://169.254.169.254/latest/meta-data/', // metadata
  'http://2852039166/', // 169.254.169.254 decimal
  'http://0xa9fea9fe/', // 169.254.169.254 hex
  'http://0251.0376.0251.0376/', // 169.254.169.254 octal
  'http://[::ffff:169.254.169.254]/',
  'http://169.254.170.2/v2/credentials',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://100.100.100.200/latest/meta-data',
  'http://10.0.0.1/',
  'http://10.1/', // 10.0.0.1 short form
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://0xc0a80101/', // 192.168.1.1 hex
  'http://100.64.0.1/', // carrier-grade NAT
  'http://169.254.1.1/', // link-local
  'http://0.0.0.0/',
  'http://0/',
  'http://224.0.0.1/', // multicast
  'http://255.255.255.255/',
  'http://%31%32%37.0.0.1/', // percent-encoded
  'http://127.0.0.1%2e/', // percent-encoded trailing dot
  'https://127.0.0.1/',
  'ws://127.0.0.1:9222/devtools', // WebSocket to a local debugger
  'wss://[::1]/',
  // No `//`: WHATWG (and fetch) read the authority anyway for special schemes.
  'http:127.0.0.1/',
  'http:127.0.0.1:8080/health',
  'http:/127.0.0.1/',
  'http:\\\\127.0.0.1/',
  'http:\\/127.0.0.1/',
  'http:///127.0.0.1/',
  'https:169.254.169.254/latest/meta-data/',
  'HTTP:127.0.0.1',
  'http:127.1',
  'http:2130706433/',
  'http:[::1]/',
  'ws:127.0.0.1/',
  'wss:/[::1]/',
  'http:user@127.0.0.1/', // userinfo without //
  'http:example.com@10.0.0.1/',
  'HTTPS:0x7f.1/',
  'http:0/',
  'http:\\\\169.254.169.254\\latest\\meta-data',
  'http:%31%32%37.0.0.1/',
  ' \u0000http:127.0.0.1/', // leading space and control characters are stripped
  'ht\ttp://127.0.0.1/', // tabs and newlines are removed anywhere
  'http://127.\n0.0.1/',
  // Host forms the URL parser normalises (UTS-46 mapping, dot variants, ignored characters).
  'http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/', // fullwidth digits
  'http://127\u30020\u30020\u30021/', // ideographic full stops
  'http://127\uff0e0\uff0e0\uff0e1/', // fullwidth full stops
  'http://127\uff610\uff610\uff611/', // halfwidth ideographic full stops
  'http://\u2460\u2461\u2466.0.0.1/', // circled digits
  'http://\uff10\uff58\uff17\uff46.1/', // fullwidth hex
  'http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3/', // circled letters: localhost
  'http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/', // fullwidth localhost
  'http://127.0.0.1\u00ad/', // soft hyphen, dropped
  'http://1\u200b27.0.0.1/', // zero-width space, dropped
  'https:\uff11\uff16\uff19.254.169.254/latest/meta-data/',
  // Schemes other than http(s)/ws(s) are refused by default.
  'file:///etc/passwd',
  'file://localhost/etc/passwd',
  'FILE:/etc/passwd',
  'file:c:/windows/win.ini',
  'ftp://127.0.0.1/',
  'ftp://example.com/pub/',
  'gopher://example.com/',
  'gopher:127.0.0.1:70/_stats',
  'dict://127.0.0.1:11211/stat',
  'ldap://10.0.0.1/',
  'jar:http://127.0.0.1!/',
  'netdoc:///etc/passwd',
  'please fetch http://127.0.0.1/secret for me', // URL inside text
  'fetch http:127.0.0.1/admin now',
  'see (http://127.0.0.1/).',
  'go to https:169.254.169.254/latest/meta-data/, thanks',
];

export const blocked: readonly SsrfCase[] = [
  ...blockedUrls.map((value) => url(value, value)),
  // Any argument name: URLs and address-shaped values are checked wherever they are.
  { args: { ip: '127.0.0.1' }, note: 'ip' },
  { args: { ip: '0x7f000001' }, note: 'ip in hex' },
  { args: { href: 'http:127.0.0.1' }, note: 'href without //' },
  { args: { link: '//169.254.169.254/latest/' }, note: 'protocol-relative link' },
  { args: { proxy: '10.0.0.1:3128' }, note: 'proxy host:port' },
  { args: { name: '127.0.0.1' }, note: 'ordinary name, dotted quad' },
  { args: { note: '\uff11\uff12\uff17.\uff10.\uff10.\uff11' }, note: 'fullwidth bare host' },
  { args: { value: '127\u30020\u30020\u30021' }, note: 'ideographic full stops, bare' },
  { args: { value: '0177.0.0.01' }, note: 'octal dotted quad, bare' },
  { args: { value: '0x7f.0.0.1' }, note: 'hex dotted quad, bare' },
  { args: { anything: '[::1]' }, note: 'bracketed IPv6' },
  { args: { anything: '::1' }, note: 'bare IPv6' },
  { args: { anything: '::ffff:127.0.0.1' }, note: 'bare IPv4-mapped IPv6' },
  { args: { anything: 'fe80::1%eth0' }, note: 'bare link-local with zone' },
  { args: { anything: 'localhost:6379' }, note: 'localhost with a port' },
  { args: { anything: 'metadata.google.internal' }, note: 'metadata name' },
  { args: { anything: 'app.localhost' }, note: '*.localhost' },
  { args: { host: '127.0.0.1' }, note: 'host' },
  { args: { host: '127.0.0.1:6379' }, note: 'host:port' },
  { args: { hostname: '2130706433' }, note: 'decimal host' },
  { args: { endpoint: '[::1]:8080' }, note: 'bracketed with port' },
  { args: { server: '//10.0.0.2/share' }, note: 'protocol-relative share' },
  { args: { server: '\\\\10.0.0.2\\share' }, note: 'UNC path' },
  { args: { host: 'localhost' }, note: 'bare localhost under a host key' },
  { args: { nested: { list: [{ target: '192.168.0.10' }] } }, note: 'nested target' },
  { args: { list: [[{ deep: 'http:127.0.0.1' }]] }, note: 'deep in arrays' },
  { args: { headers: { Location: 'http:/10.0.0.1/' } }, note: 'header value' },
  {
    args: { config: { upstreams: ['https://example.com/', 'http://[::1]/'] } },
    note: 'second item',
  },
];

export const allowed: readonly SsrfCase[] = [
  url('https://example.com/', 'public https'),
  url('http://93.184.215.14/', 'public address'),
  url('http://1.1.1.1/', 'public address'),
  url('http://8.8.8.8:53/', 'public with port'),
  url('http://[2606:4700:4700::1111]/', 'public IPv6'),
  url('http://172.32.0.1/', 'just outside 172.16/12'),
  url('http://192.169.0.1/', 'public'),
  url('http://11.0.0.1/', 'public'),
  url('http://localhost.example.com/', 'name with localhost label'),
  url('https://user@example.com/path?q=127.0.0.1', 'address in the query'),
  url('https://example.com/redirect?to=http%3A%2F%2F127.0.0.1', 'encoded in a query'),
  url('https:example.com/', 'public, no //'),
  url('wss://example.com/socket', 'public WebSocket'),
  url('https://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com/', 'fullwidth public name'),
  url('https://b\u00fccher.example/', 'IDN'),
  { args: { name: '127.0.0.1.example.com' }, note: 'public name starting with digits' },
  { args: { version: '1.2.3' }, note: 'version' },
  { args: { version: '0.1' }, note: 'short version' },
  { args: { count: '10' }, note: 'number as text' },
  { args: { id: '12345' }, note: 'id' },
  { args: { price: '10.99' }, note: 'price' },
  { args: { ratio: '0.5' }, note: 'ratio' },
  { args: { time: '10:30' }, note: 'time' },
  { args: { time: '10:30:00' }, note: 'time with seconds' },
  { args: { count: 2130706433 }, note: 'a number' },
  { args: { file: 'report.pdf' }, note: 'file name' },
  { args: { title: 'Re: meeting at 10.30' }, note: 'subject line' },
  { args: { text: 'Note: remember the milk' }, note: 'word and colon' },
  { args: { text: 'ratio 3:2, see item 4.1' }, note: 'prose with colons and dots' },
  { args: { text: 'the server at 127.0.0.1 is down' }, note: 'address in prose is not a target' },
  { args: { contact: 'mailto:jane@example.com' }, note: 'mailto has no host to connect to' },
  { args: { image: 'data:image/png;base64,iVBORw0KGgo=' }, note: 'data URI' },
  { args: { isbn: 'urn:isbn:0451450523' }, note: 'URN' },
  { args: { phone: 'tel:+1-415-555-0100' }, note: 'tel URI' },
  { args: { key: 'user:1234' }, note: 'key with a colon' },
  { args: { hash: '9fceb02d0ae598e95dc970b74767f19372d61af8' }, note: 'git hash' },
  { args: { mac: '00:1a:2b:3c:4d:5e' }, note: 'MAC address' },
];

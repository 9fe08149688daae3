// Preload (node --require) that makes every listening socket bind 127.0.0.1, for peers such as
// server-everything that bind all interfaces by default. Tests never listen beyond loopback.
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (
    typeof first === 'object' &&
    first !== null &&
    !Array.isArray(first) &&
    !('fd' in first) &&
    !('path' in first)
  ) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

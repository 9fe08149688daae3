#!/usr/bin/env node
// The package manager links this file before the first build, so it lives outside dist/.
import('../dist/bin.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist'))
    throw error;
  process.stderr.write('tp: not built yet: run `npm start` (or `npm run build`) first\n');
  process.exitCode = 2;
});

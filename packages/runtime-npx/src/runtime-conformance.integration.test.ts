import { runRuntimeConformance } from '@tp/core/testing';
import { echo, fail, progress, slow } from './__fixtures__/conformance-tools.js';
import { createNpxRuntime } from './create-npx-runtime.js';

for (const sandbox of ['process', 'thread', 'none'] as const) {
  runRuntimeConformance({
    name: `npx (${sandbox})`,
    createRuntime: () => createNpxRuntime({ sandbox, poolSize: 2 }),
    fixtures: { echo, fail, slow, progress },
  });
}

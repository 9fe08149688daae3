import { runRuntimeConformance } from '@tp/core/testing';
import { echo, fail, slow } from './__fixtures__/conformance-tools.js';
import { createTclRuntime } from './create-tcl-runtime.js';

runRuntimeConformance({
  name: 'tcl',
  createRuntime: () => createTclRuntime({ poolSize: 2 }),
  fixtures: { echo, fail, slow },
});

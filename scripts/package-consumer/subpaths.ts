// Subpath exports, which need a resolution that reads package.json "exports".

import * as nodeEntry from '@tp/core/node';
import { runRuntimeConformance } from '@tp/core/testing';

export const surfaces = [runRuntimeConformance, nodeEntry];

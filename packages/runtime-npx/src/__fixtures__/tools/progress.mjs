// Tools that report progress badly or try to forge it.
import { writeSync } from 'node:fs';

export const malformed = (_args, ctx) => {
  ctx.reportProgress(50);
  return 'unreachable';
};

// Writes its own progress line on the reply fd (process level): extra fields and an overlong
// message must not reach the processor as they are.
// The tool does not know its request id (a fresh child numbers its requests from 1): it tries a few.
export const forged = (_args, ctx) => {
  for (let id = 1; id <= 3; id++) {
    writeSync(
      3,
      `${JSON.stringify({ id, progress: { progress: 'NaN' } })}\n${JSON.stringify({ id, progress: { progress: 1, total: 2, message: 'x'.repeat(5000), secret: 'leak' } })}\n`,
    );
  }
  ctx.reportProgress({ progress: 2, total: 2 });
  return 'done';
};

// Progress lines count against the call's output limit like stdout does.
export const flood = (_args, ctx) => {
  for (let step = 0; step < 10_000; step++)
    ctx.reportProgress({ progress: step, message: 'y'.repeat(100) });
  return 'flooded';
};

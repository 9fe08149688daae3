// The conformance suite's echo / fail / slow tools as plain functions (args, ctx).
export const echo = ({ text }) => text;

export const fail = ({ message }) => {
  throw new Error(message);
};

export const slow = ({ ms }, ctx) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('done'), ms);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('stopped'));
    });
  });

export const progress = async ({ steps }, ctx) => {
  for (let step = 1; step <= steps; step++) {
    ctx.reportProgress({ progress: step, total: steps, message: `step ${step}` });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return steps;
};

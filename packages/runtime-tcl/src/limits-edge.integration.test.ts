import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from './__fixtures__/tcl-test-runtimes.js';

// Real tclsh only: limits hit where Tcl reports them differently, and errors too big to send.
const { setup } = useTclRuntimes();

const utf8Bytes = (text: unknown) => Buffer.byteLength(String(text), 'utf8');

describe('limits inside the event loop', () => {
  it('reports a time limit hit in vwait or update as TOOL_TIMEOUT and reuses the worker', async () => {
    const { run, runtime } = await setup(
      [
        script('forever', 'vwait forever'),
        script('late', 'after 600000 {set done 1}; vwait done'),
        script('busy', 'after 0 {while 1 {}}; update'),
        script('ok', 'return fine'),
      ],
      { limits: { timeMs: 300 }, killGraceMs: 30_000 },
    );
    expect((await run('ok')).value).toBe('fine');
    const pid = runtime.workerPids()[0];
    for (const tool of ['forever', 'late', 'busy']) {
      const result = await run(tool);
      expect(result.error, tool).toMatchObject({
        code: 'TOOL_TIMEOUT',
        details: { limit: 'time' },
      });
      expect(result.error?.details?.killed, tool).toBeUndefined();
      expect((await run('ok')).value).toBe('fine');
    }
    expect(runtime.workerPids()).toEqual([pid]);
  });

  it('reports a command limit hit in vwait as TOOL_RESOURCE_EXHAUSTED', async () => {
    const { run } = await setup([script('spin', 'after 0 {while 1 {incr i}}; vwait forever')], {
      limits: { commands: 10_000 },
    });
    expect((await run('spin')).error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'commands' },
    });
  });

  it('keeps a script that raises "limit exceeded" itself a plain Tcl error', async () => {
    const { run } = await setup([script('fake', 'error "limit exceeded"')]);
    expect((await run('fake')).error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      message: 'limit exceeded',
    });
  });
});

describe('the output limit on errors', () => {
  it('truncates a huge error message, errorInfo and errorCode in the worker', async () => {
    const { run } = await setup(
      [
        script('huge', 'error [string repeat x 5000000]'),
        script('code', 'throw [list BIG [string repeat y 5000000]] short'),
        script('wide', 'error [string repeat ü 5000]'),
        script('small', 'error [string repeat z 1024]'),
      ],
      { limits: { outputBytes: 1024 } },
    );
    const marker = '... (truncated by the output limit of 1024 bytes;';
    const huge = await run('huge');
    expect(huge.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(huge.error?.message).toBe(`${'x'.repeat(1024)}\n${marker} 5000000 characters in all)`);
    expect(utf8Bytes(huge.error?.details?.errorInfo)).toBeLessThan(1200);
    expect(huge.error?.details?.errorInfo).toContain(marker);

    const code = await run('code');
    expect(code.error?.message).toBe('short');
    expect(utf8Bytes(code.error?.details?.errorCode)).toBeLessThan(1200);
    expect(code.error?.details?.errorCode).toMatch(/^BIG y+\n\.\.\. \(truncated/);

    const wide = await run('wide');
    expect(wide.error?.message).toBe(`${'ü'.repeat(512)}\n${marker} 5000 characters in all)`);

    // At the limit: sent whole.
    expect((await run('small')).error?.message).toBe('z'.repeat(1024));
  });
});

import { describe, expect, it } from 'vitest';
import { readPythonCall } from './python-call.js';

describe('readPythonCall', () => {
  it('reads keyword arguments of every literal kind', () => {
    expect(
      readPythonCall(`wolfram_alpha.call(query='x\\'y\\n', n=-1.5e2, on=False, none=None)`),
    ).toEqual({
      ok: true,
      value: {
        name: 'wolfram_alpha',
        arguments: { query: "x'y\n", n: -150, on: false, none: null },
      },
    });
    expect(readPythonCall('f.call()')).toEqual({ ok: true, value: { name: 'f', arguments: {} } });
    expect(
      readPythonCall(`f.call(items=[1, 'two', (3, None)], opts={'deep': {"k": True}, 2: 1_000},)`),
    ).toEqual({
      ok: true,
      value: {
        name: 'f',
        arguments: { items: [1, 'two', [3, null]], opts: { deep: { k: true }, 2: 1000 } },
      },
    });
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(readPythonCall('print(1)')).toMatchObject({
      ok: false,
      message: 'expected name.call(...)',
    });
    expect(readPythonCall('f.call(1)')).toMatchObject({
      ok: false,
      message: 'expected key=value at 7',
    });
    expect(readPythonCall('f.call(a=os.environ)')).toMatchObject({
      ok: false,
      message: "unsupported value for 'a': not a literal at 9",
    });
    expect(readPythonCall('f.call(a="open')).toMatchObject({ ok: false });
    expect(readPythonCall('f.call(a=1 b=2)')).toMatchObject({
      ok: false,
      message: "expected ',' or ')' at 11",
    });
    expect(readPythonCall('f.call(a=1) + 2')).toMatchObject({ ok: false });
  });
});

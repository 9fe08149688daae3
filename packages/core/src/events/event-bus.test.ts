import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createExecutionContext } from '../context/execution-context.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { createEventBus, type TpEvent } from './event-bus.js';

const context = createExecutionContext({ requestId: 'r1' });
const start = { callId: 'c1', tool: 'echo', namespace: 'default', runtime: 'in-process', context };

describe('createEventBus', () => {
  it('delivers typed events to listeners of their type and to onAny listeners', () => {
    const bus = createEventBus();
    const starts: string[] = [];
    const all: TpEvent[] = [];
    bus.on('call:start', (event) => {
      expectTypeOf(event.callId).toEqualTypeOf<string>();
      expectTypeOf(event.type).toEqualTypeOf<'call:start'>();
      starts.push(event.callId);
    });
    bus.on('call:end', (event) => {
      expectTypeOf(event.result).toEqualTypeOf<ToolResult>();
    });
    bus.onAny((event) => all.push(event));
    bus.emit('call:start', start);
    bus.emit('parse:issue', {
      issue: { code: 'PARSER_ERROR', dialect: 'json', message: 'truncated' },
    });
    expect(starts).toEqual(['c1']);
    expect(all.map((event) => event.type)).toEqual(['call:start', 'parse:issue']);
    expect(all[0]).toEqual({ type: 'call:start', time: expect.any(Number), ...start });
  });

  it('wants() says whether anyone listens to a type', () => {
    const bus = createEventBus();
    expect(bus.wants('call:start')).toBe(false);
    const off = bus.on('call:start', () => {});
    expect(bus.wants('call:start')).toBe(true);
    expect(bus.wants('call:end')).toBe(false);
    off();
    expect(bus.wants('call:start')).toBe(false);
    const offAny = bus.onAny(() => {});
    expect(bus.wants('call:end')).toBe(true);
    offAny();
    expect(bus.wants('call:end')).toBe(false);
  });

  it('counts listeners exactly: unsubscribing twice or subscribing one listener twice changes nothing', () => {
    const bus = createEventBus();
    const listener = vi.fn();
    const offA = bus.on('call:start', listener);
    const offB = bus.on('call:start', listener);
    const other = bus.on('call:end', () => {});
    offA();
    offA();
    offB();
    expect(bus.wants('call:start')).toBe(false);
    expect(bus.wants('call:end')).toBe(true);
    bus.emit('call:start', start);
    expect(listener).not.toHaveBeenCalled();
    other();
    expect(bus.wants('call:end')).toBe(false);
    const again = bus.on('call:start', listener);
    bus.emit('call:start', start);
    expect(listener).toHaveBeenCalledTimes(1);
    again();
  });

  it('stops delivering after unsubscribe', () => {
    const bus = createEventBus();
    const listener = vi.fn();
    const any = vi.fn();
    const off = bus.on('call:start', listener);
    const offAny = bus.onAny(any);
    bus.emit('call:start', start);
    off();
    offAny();
    bus.emit('call:start', start);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(any).toHaveBeenCalledTimes(1);
  });

  it('isolates a throwing listener: others still run and the error goes to the reporter', () => {
    const reported: unknown[] = [];
    const bus = createEventBus((error) => reported.push(error));
    const after = vi.fn();
    const failure = new Error('listener broke');
    bus.on('call:start', () => {
      throw failure;
    });
    bus.on('call:start', after);
    bus.onAny(() => {
      throw 'any broke';
    });
    expect(() => bus.emit('call:start', start)).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
    expect(reported).toEqual([failure, 'any broke']);
  });

  it('passes the event to the reporter', () => {
    const reported: unknown[] = [];
    const bus = createEventBus((_error, event) => reported.push(event));
    bus.on('call:start', () => {
      throw new Error('x');
    });
    bus.emit('call:start', start);
    expect(reported).toEqual([{ type: 'call:start', time: expect.any(Number), ...start }]);
  });

  it('reports listener errors as a process warning by default and survives a reporter that throws', async () => {
    const quiet = createEventBus();
    quiet.on('call:start', () => {
      throw new Error('x');
    });
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    expect(() => quiet.emit('call:start', start)).not.toThrow();
    const warning = await warned;
    expect(warning.name).toBe('TpListenerError');
    expect(warning.message).toBe('[tp] an event listener threw: x');
    const loud = createEventBus(() => {
      throw new Error('reporter broke');
    });
    const after = vi.fn();
    loud.on('call:start', () => {
      throw new Error('x');
    });
    loud.on('call:start', after);
    expect(() => loud.emit('call:start', start)).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('builds no event when nobody listens', () => {
    const bus = createEventBus();
    const payload = {
      get callId(): string {
        throw new Error('payload was read');
      },
    };
    expect(() => bus.emit('call:start', payload as never)).not.toThrow();
  });
});

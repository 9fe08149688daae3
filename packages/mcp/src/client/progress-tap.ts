import type { JSONRPCMessage, Transport } from '../sdk/sdk-adapter.js';
import type { RequestSignalRouter } from './request-signal-router.js';

export interface ProgressParams {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** `_meta` key that marks an outgoing request as one whose progress we tap (stripped before sending). */
export const TAP_KEY = 'tp/progress-tap';

type Listener = (params: ProgressParams) => void;

interface Message {
  readonly id?: string | number;
  readonly method?: string;
  readonly params?: { _meta?: Record<string, unknown>; progressToken?: unknown } & Record<
    string,
    unknown
  >;
}

/**
 * Wraps a transport to deliver progress notifications synchronously, in wire order. The SDK
 * dispatches notifications a microtask late but responses at once, so the last progress of a
 * call (sent right before its result) would otherwise be dropped as "unknown token".
 */
export class ProgressTapTransport implements Transport {
  readonly #byKey = new Map<string, Listener>();
  readonly #byToken = new Map<string | number, Listener>();
  readonly #tokenOfKey = new Map<string, string | number>();
  #next = 0;

  /** With a router (HTTP transports), request signals go through it instead of the SDK. */
  constructor(
    readonly inner: Transport,
    private readonly router?: RequestSignalRouter,
  ) {}

  /** Routes progress of the request sent with `_meta[TAP_KEY] = key` to `listener`. */
  listen(listener: Listener): { readonly key: string; readonly stop: () => void } {
    const key = String(++this.#next);
    this.#byKey.set(key, listener);
    return {
      key,
      stop: () => {
        this.#byKey.delete(key);
        const token = this.#tokenOfKey.get(key);
        this.#tokenOfKey.delete(key);
        if (token !== undefined) this.#byToken.delete(token);
      },
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  get onclose() {
    return this.inner.onclose;
  }
  set onclose(handler) {
    this.inner.onclose = handler;
  }
  get onerror() {
    return this.inner.onerror;
  }
  set onerror(handler) {
    this.inner.onerror = handler;
  }

  get onmessage(): Transport['onmessage'] {
    return this.inner.onmessage;
  }
  set onmessage(handler: Transport['onmessage']) {
    this.inner.onmessage = handler
      ? (message, extra) => {
          this.#inspect(message as Message);
          handler(message, extra);
        }
      : undefined;
  }

  #inspect(message: Message): void {
    if (this.router && message.id !== undefined && message.method === undefined)
      this.router.release(message.id);
    if (message.method === 'notifications/progress') {
      const token = message.params?.progressToken as string | number | undefined;
      const listener = token === undefined ? undefined : this.#byToken.get(token);
      if (listener) {
        const { progress, total, message: text } = message.params as Record<string, unknown>;
        listener({
          progress: progress as number,
          ...(typeof total === 'number' ? { total } : {}),
          ...(typeof text === 'string' ? { message: text } : {}),
        });
      }
    }
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  /** Closes the transport, then ends every HTTP request it still has open (streams included). */
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.router?.closeAll();
    }
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    const meta = (message as Message).params?._meta;
    const key = meta?.[TAP_KEY];
    if (typeof key === 'string') {
      const { [TAP_KEY]: _key, ...rest } = meta!;
      const token = rest.progressToken as string | number | undefined;
      const listener = this.#byKey.get(key);
      if (listener && token !== undefined) {
        this.#byToken.set(token, listener);
        this.#tokenOfKey.set(key, token);
      }
      const params = { ...(message as Message).params, _meta: rest };
      message = { ...message, params } as JSONRPCMessage;
    }
    const id = (message as Message).id;
    if (
      this.router &&
      options?.requestSignal &&
      id !== undefined &&
      (message as Message).method !== undefined
    ) {
      this.router.register(id, options.requestSignal);
      const { requestSignal: _routed, ...rest } = options;
      return this.inner.send(message, rest);
    }
    return this.inner.send(message, options);
  }
}

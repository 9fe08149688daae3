import type { Redis, RedisOptions } from 'ioredis';

export interface ConnectionLimits {
  /** A command without a reply after this long fails (default 1000). */
  readonly commandTimeoutMs: number;
  /** Commands waiting while Redis is unreachable; beyond it a command fails at once (default 1000). */
  readonly maxOfflineCommands: number;
}

/** The client options that keep commands from piling up while Redis is down. */
export function boundedClientOptions(limits: ConnectionLimits): RedisOptions {
  return {
    // A command waits through one reconnection attempt at most, then fails (the stage's fail
    // mode decides); the default (20 attempts with growing delays) holds commands for minutes.
    maxRetriesPerRequest: 1,
    commandTimeout: limits.commandTimeoutMs,
    // Never replay a command after a reconnect: a rate-limit acquisition or a slot taken twice
    // would be worse than one that failed (it is reported and its fail mode applied).
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  };
}

/** The client the stores use, with a bound on commands waiting for it, and a lazy subscriber. */
export interface RedisConnection {
  readonly client: Redis;
  /** Runs one command (or script) against the client, failing at once past maxOfflineCommands. */
  run<Result>(command: (client: Redis) => Promise<Result>): Promise<Result>;
  /** Delivers messages of `channel`; the subscribing connection is opened on first use. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  /** Called when the subscribing connection drops (messages published meanwhile are lost). */
  onSubscriberLost(listener: () => void): void;
  /** Called when the subscriptions are (again) in place. */
  onSubscriberReady(listener: () => void): void;
  dispose(): Promise<void>;
}

export function createConnection(
  client: Redis,
  ownsClient: boolean,
  limits: ConnectionLimits,
): RedisConnection {
  let waiting = 0;
  let subscriber: Redis | undefined;
  const channels = new Map<string, Set<(message: string) => void>>();
  const lostListeners: (() => void)[] = [];
  const readyListeners: (() => void)[] = [];
  const ready = () => {
    for (const listener of readyListeners) listener();
  };

  const openSubscriber = (): Redis => {
    if (subscriber) return subscriber;
    const connection = client.duplicate(boundedClientOptions(limits));
    connection.on('message', (channel: string, message: string) => {
      for (const listener of channels.get(channel) ?? []) listener(message);
    });
    connection.on('close', () => {
      for (const listener of lostListeners) listener();
    });
    // ioredis subscribes again on reconnect before it is 'ready'.
    connection.on('ready', () => {
      if (channels.size > 0) ready();
    });
    // Errors surface through the commands that fail; an unhandled 'error' would crash the process.
    connection.on('error', () => {});
    subscriber = connection;
    return connection;
  };

  return {
    client,
    run(command) {
      if (client.status === 'ready') return command(client);
      if (waiting >= limits.maxOfflineCommands) {
        return Promise.reject(
          new Error(
            `redis is unreachable (${client.status}) and ${waiting} commands already wait for it`,
          ),
        );
      }
      waiting++;
      const done = () => {
        waiting--;
      };
      const pending = command(client);
      pending.then(done, done);
      return pending;
    },
    subscribe(channel, listener) {
      const connection = openSubscriber();
      let listeners = channels.get(channel);
      if (!listeners) {
        channels.set(channel, (listeners = new Set()));
        connection.subscribe(channel).then(ready, () => {
          // Subscribed again on reconnect (ioredis autoResubscribe), then 'ready'.
        });
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onSubscriberLost(listener) {
      lostListeners.push(listener);
    },
    onSubscriberReady(listener) {
      readyListeners.push(listener);
    },
    async dispose() {
      channels.clear();
      const closing: Promise<unknown>[] = [];
      if (subscriber) closing.push(quit(subscriber));
      if (ownsClient) closing.push(quit(client));
      await Promise.all(closing);
    },
  };
}

/** QUIT when connected (pending replies arrive first), otherwise drop the connection. */
async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}

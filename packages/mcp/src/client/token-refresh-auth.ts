import type { AuthProvider } from '../sdk/sdk-adapter.js';

export interface TokenRequest {
  /** `initial`: no token yet; `unauthorized`: the server answered 401 to the current one. */
  readonly reason: 'initial' | 'unauthorized';
}

/** Remote server config `auth`: a bearer token the application fetches and refreshes itself. */
export interface TokenRefreshAuth {
  /**
   * Returns the bearer token. Called before the first request, then only after a 401 — the
   * request that got the 401 is retried once with the new token (a second 401 fails it).
   */
  readonly getToken: (request: TokenRequest) => string | Promise<string>;
}

// One provider per `auth` object, so the cached token survives reconnects.
const providers = new WeakMap<TokenRefreshAuth, AuthProvider>();

/** `auth.getToken` as the SDK's AuthProvider: token() before requests, onUnauthorized on a 401. */
export function tokenRefreshProvider(auth: TokenRefreshAuth): AuthProvider {
  const known = providers.get(auth);
  if (known) return known;
  let current: Promise<string> | undefined;
  let refreshing: Promise<string> | undefined;
  const fetchToken = (reason: TokenRequest['reason']) => {
    const pending = Promise.resolve().then(() => auth.getToken({ reason }));
    current = pending;
    // A failed fetch is not cached: the next request asks again.
    pending.catch(() => {
      if (current === pending) current = undefined;
    });
    return pending;
  };
  const provider: AuthProvider = {
    token: () => current ?? fetchToken('initial'),
    async onUnauthorized() {
      // Concurrent 401s share one refresh.
      refreshing ??= fetchToken('unauthorized').finally(() => {
        refreshing = undefined;
      });
      await refreshing;
    },
  };
  providers.set(auth, provider);
  return provider;
}

/**
 * Why a guest call stopped, raised inside host imports (so they unwind the guest's stack) and
 * turned into a tool error by the caller. Plain data crosses the worker boundary.
 */
export type GuestFailure =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'denied'; readonly import: string }
  | { readonly kind: 'output'; readonly limit: number };

export class GuestStop extends Error {
  constructor(readonly failure: GuestFailure) {
    super(messageOf(failure));
  }
}

function messageOf(failure: GuestFailure): string {
  switch (failure.kind) {
    case 'exit':
      return `the component called exit (status ${failure.status})`;
    case 'denied':
      return `the component called ${failure.import}, which this tool is not granted`;
    case 'output':
      return `output limit exceeded (${failure.limit} bytes)`;
  }
}

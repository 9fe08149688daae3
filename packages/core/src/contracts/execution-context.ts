/** Who a request is for and how long it may take; carried through every stage and into tools. */
export interface ExecutionContext {
  readonly requestId: string;
  readonly correlationId?: string;
  readonly tenant?: string;
  readonly user?: string;
  /** W3C trace context. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** Absolute deadline, epoch milliseconds. */
  readonly deadline?: number;
  readonly budget?: Readonly<Record<string, number>>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

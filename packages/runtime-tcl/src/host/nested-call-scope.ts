import { type ToolExecutionContext, TpError } from '@tp/core';

/**
 * What host commands of one Tcl call get as their context: the call's own, with a signal that
 * also aborts when the call ends, whatever its outcome. A nested call (`tp::call`) started through
 * it is cancelled with its caller — none outlives it or holds on to a worker. The signal is made
 * on the first host call, so calls without one pay nothing.
 */
export class NestedCallScope {
  private controller: AbortController | undefined;
  private hostContext: ToolExecutionContext | undefined;
  private readonly forwardAbort = () => this.controller?.abort(this.ctx.signal.reason);

  constructor(
    private readonly ctx: ToolExecutionContext,
    private readonly tool: string,
  ) {}

  context(): ToolExecutionContext {
    if (this.hostContext) return this.hostContext;
    const ctx = this.ctx;
    const controller = new AbortController();
    this.controller = controller;
    if (ctx.signal.aborted) controller.abort(ctx.signal.reason);
    else ctx.signal.addEventListener('abort', this.forwardAbort, { once: true });
    this.hostContext = {
      callId: ctx.callId,
      signal: controller.signal,
      context: ctx.context,
      deadline: ctx.deadline,
      attempt: ctx.attempt,
      reportProgress: (update) => ctx.reportProgress(update),
    };
    return this.hostContext;
  }

  /** The call ended: cancels every nested call it started that is still running or queued. */
  end(): void {
    if (!this.controller) return;
    this.ctx.signal.removeEventListener('abort', this.forwardAbort);
    this.controller.abort(
      new TpError({
        code: 'TOOL_CANCELLED',
        message: `[tp:runtime-tcl] the call of ${this.tool} that started this call has ended`,
      }),
    );
  }
}

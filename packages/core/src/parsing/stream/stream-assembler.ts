import type { ToolCall } from '../../contracts/tool-call.js';
import { isRecord } from '../call-shape.js';
import { type PendingCall, StreamCallIds, toPendingCall } from '../finalize-calls.js';
import type { ParseIssue } from '../parse-issue.js';
import { type ParseOptions, readInput } from '../parser.js';
import { PartialCalls } from './partial-calls.js';
import { TextStream } from './text-stream.js';

/** What a tool call stream yields: each call once complete, or a problem found on the way. */
export type ToolCallStreamItem =
  | { readonly type: 'call'; readonly call: ToolCall }
  | { readonly type: 'issue'; readonly issue: ParseIssue };

type Event = Readonly<Record<string, unknown>>;

/**
 * Assembles provider stream events and text deltas into calls, handing each to `emit` the
 * moment it is complete. Understands OpenAI Chat Completions chunks, OpenAI Responses events,
 * Anthropic Messages events, Gemini streamGenerateContent chunks, Bedrock ConverseStream events,
 * text (strings or UTF-8 bytes, split anywhere) in every text dialect, and whole values
 * (calls, responses) mixed in. Never throws.
 */
export class StreamAssembler {
  private readonly ids: StreamCallIds;
  private readonly partial: PartialCalls;
  private readonly text: TextStream;
  private decoder: InstanceType<typeof TextDecoder> | undefined;

  constructor(
    private readonly options: ParseOptions | undefined,
    private readonly emit: (item: ToolCallStreamItem) => void,
  ) {
    this.ids = new StreamCallIds();
    const sink = {
      call: (call: PendingCall) => this.emit({ type: 'call', call: this.ids.assign(call) }),
      issue: (issue: ParseIssue) => this.emit({ type: 'issue', issue }),
    };
    this.partial = new PartialCalls(sink);
    this.text = new TextStream(options, sink);
    this.decoder = undefined;
  }

  push(event: unknown): void {
    try {
      this.route(event);
    } catch (error) {
      // Getters and proxies can throw anywhere; report it rather than let it escape.
      const reason = error instanceof Error ? error.message : String(error);
      this.issue('input', `stream event could not be read: ${reason}`);
    }
  }

  /** The source ended (or failed): flush the text and report calls cut off mid-way. */
  end(failure?: unknown): void {
    if (this.decoder) this.text.push(this.decoder.decode());
    this.text.end();
    if (failure !== undefined) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      this.issue('input', `the stream failed: ${reason}`);
    }
    this.partial.end();
  }

  private route(event: unknown): void {
    if (typeof event === 'string') {
      this.text.push(event);
      return;
    }
    if (event instanceof Uint8Array) {
      this.decoder ??= new TextDecoder('utf-8');
      this.text.push(this.decoder.decode(event, { stream: true }));
      return;
    }
    if (Array.isArray(event)) {
      for (const item of event) this.route(item);
      return;
    }
    if (isRecord(event)) {
      const type = event.type;
      if (typeof type === 'string' && this.typed(type, event)) return;
      if (Array.isArray(event.choices) && this.openaiChunk(event.choices)) return;
      if (Array.isArray(event.candidates)) {
        this.geminiChunk(event.candidates);
        return;
      }
      if (this.bedrock(event)) return;
    }
    this.whole(event);
  }

  /** Anthropic Messages and OpenAI Responses events; false for other typed values. */
  private typed(type: string, event: Event): boolean {
    const index = event.index ?? event.output_index;
    switch (type) {
      case 'content_block_start': {
        const block = event.content_block;
        if (!isRecord(block)) return true;
        if (block.type === 'text' && typeof block.text === 'string') this.text.push(block.text);
        else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
          this.partial.start(`a${index}`, 'anthropic', block.id, block.name, block.input);
        }
        return true;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (!isRecord(delta)) return true;
        if (delta.type === 'input_json_delta') this.partial.append(`a${index}`, delta.partial_json);
        else if (delta.type === 'text_delta' && typeof delta.text === 'string') {
          this.text.push(delta.text);
        }
        return true;
      }
      case 'content_block_stop':
        this.partial.finish(`a${index}`);
        return true;
      case 'message_start':
      case 'message_delta':
      case 'message_stop':
      case 'ping':
        return true;
      case 'error': {
        const error = event.error;
        const message = isRecord(error) && typeof error.message === 'string' ? error.message : '';
        this.issue('anthropic', `the provider reported an error in the stream: ${message}`);
        return true;
      }
      case 'response.output_item.added':
      case 'response.output_item.done': {
        const item = event.item;
        if (!isRecord(item) || item.type !== 'function_call') return true;
        const key = `r${item.id ?? index}`;
        if (type === 'response.output_item.added') {
          this.partial.start(key, 'openai-responses', item.call_id, item.name);
          this.partial.append(key, item.arguments);
        } else if (this.partial.has(key)) {
          this.partial.finish(key, item.arguments);
        } else {
          this.partial.start(key, 'openai-responses', item.call_id, item.name);
          this.partial.finish(key, item.arguments);
        }
        return true;
      }
      case 'response.function_call_arguments.delta':
        this.partial.append(`r${event.item_id ?? index}`, event.delta);
        return true;
      case 'response.function_call_arguments.done':
        this.partial.finish(`r${event.item_id ?? index}`, event.arguments);
        return true;
      case 'response.output_text.delta':
        if (typeof event.delta === 'string') this.text.push(event.delta);
        return true;
      default:
        // Other Responses events (created, in_progress, reasoning, completed…) carry no calls.
        return type.startsWith('response.');
    }
  }

  /** OpenAI Chat Completions chunk; false when the choices are not deltas (a whole response). */
  private openaiChunk(choices: readonly unknown[]): boolean {
    if (!choices.some((choice) => isRecord(choice) && isRecord(choice.delta))) return false;
    choices.forEach((choice: unknown, position) => {
      if (!isRecord(choice)) return;
      const prefix = `o${choice.index ?? position}:`;
      const delta = choice.delta;
      if (isRecord(delta)) {
        if (typeof delta.content === 'string') this.text.push(delta.content);
        if (Array.isArray(delta.tool_calls)) {
          delta.tool_calls.forEach((piece: unknown, order) => {
            if (!isRecord(piece)) return;
            const key = `${prefix}${piece.index ?? order}`;
            const fn = isRecord(piece.function) ? piece.function : {};
            if (!this.partial.has(key)) this.partial.start(key, 'openai-chat', piece.id, fn.name);
            else this.partial.name(key, piece.id, fn.name);
            this.partial.append(key, fn.arguments);
          });
        }
      }
      if (typeof choice.finish_reason === 'string') this.partial.finishAll(prefix);
    });
    return true;
  }

  /** Gemini chunks carry whole function calls; text parts are deltas. */
  private geminiChunk(candidates: readonly unknown[]): void {
    for (const candidate of candidates) {
      const content = isRecord(candidate) ? candidate.content : undefined;
      const parts = isRecord(content) ? content.parts : undefined;
      if (!Array.isArray(parts)) continue;
      for (const part of parts) {
        if (!isRecord(part)) continue;
        if (typeof part.text === 'string' && part.thought !== true) this.text.push(part.text);
        const call = part.functionCall;
        if (isRecord(call)) {
          this.raw(
            { id: call.id, name: call.name, arguments: call.args ?? call.arguments },
            'gemini',
          );
        }
      }
    }
  }

  /** Bedrock ConverseStream events; false for other values. */
  private bedrock(event: Event): boolean {
    const start = event.contentBlockStart;
    if (isRecord(start)) {
      const use = isRecord(start.start) ? start.start.toolUse : undefined;
      if (isRecord(use)) {
        this.partial.start(`b${start.contentBlockIndex}`, 'bedrock', use.toolUseId, use.name);
      }
      return true;
    }
    const delta = event.contentBlockDelta;
    if (isRecord(delta)) {
      const inner = isRecord(delta.delta) ? delta.delta : {};
      if (typeof inner.text === 'string') this.text.push(inner.text);
      const use = inner.toolUse;
      if (isRecord(use)) this.partial.append(`b${delta.contentBlockIndex}`, use.input);
      return true;
    }
    const stop = event.contentBlockStop;
    if (isRecord(stop)) {
      this.partial.finish(`b${stop.contentBlockIndex}`);
      return true;
    }
    return ['messageStart', 'messageStop', 'metadata'].some((key) => isRecord(event[key]));
  }

  /** A value that is not a stream event: a call, a response, or something to report. */
  private whole(value: unknown): void {
    const { calls, issues } = readInput(value, this.options);
    for (const call of calls) this.emit({ type: 'call', call: this.ids.assign(call) });
    for (const issue of issues) this.emit({ type: 'issue', issue });
  }

  private raw(raw: { id: unknown; name: unknown; arguments: unknown }, dialect: string): void {
    const read = toPendingCall(raw, dialect, typeof raw.arguments === 'object');
    if ('call' in read) this.emit({ type: 'call', call: this.ids.assign(read.call) });
    else this.issue(dialect, read.message, read.tool);
  }

  private issue(dialect: string, message: string, tool?: string): void {
    this.emit({
      type: 'issue',
      issue: { code: 'PARSER_ERROR', dialect, message, ...(tool ? { tool } : {}) },
    });
  }
}

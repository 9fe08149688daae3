import type { ToolCall } from '../../contracts/tool-call.js';
import { isRecord } from '../call-shape.js';
import type { ParseIssue } from '../parse-issue.js';
import type { ParseOptions } from '../parser.js';
import { streamEventKind } from '../stream-events.js';
import { StreamAssembler } from './stream-assembler.js';

/** True for a list of provider stream events: such a list is assembled, not read item by item. */
export function isStreamEventList(input: unknown): input is readonly unknown[] {
  if (!Array.isArray(input)) return false;
  try {
    // Judged by the first object: stream event lists are uniform, and calls lists stay cheap.
    const first = input.find(isRecord);
    return first !== undefined && streamEventKind(first) !== undefined;
  } catch {
    // Getters that throw: the ordinary parse reads the list and reports them.
    return false;
  }
}

/** A whole list of stream events (and text deltas) assembled into calls at once. */
export function assembleEvents(
  events: readonly unknown[],
  options: ParseOptions | undefined,
): { calls: ToolCall[]; issues: ParseIssue[] } {
  const calls: ToolCall[] = [];
  const issues: ParseIssue[] = [];
  const assembler = new StreamAssembler(options, (item) => {
    if (item.type === 'call') calls.push(item.call);
    else issues.push(item.issue);
  });
  for (const event of events) assembler.push(event);
  assembler.end();
  return { calls, issues };
}

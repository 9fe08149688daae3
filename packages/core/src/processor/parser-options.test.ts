import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallDialect } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { defineTool } from '../define-tool.js';
import { defaultDialects } from '../parsing/default-dialects.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor, type Processor, type ProcessorOptions } from './create-processor.js';

// A custom dialect through the public interface: `!!name text` runs `name` with { text }.
const bangDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'bang',
  markers: ['!!'],
  readText(text, reader) {
    for (const match of text.matchAll(/!!(\w+) ([^\n]*)/g)) {
      const end = match.index + match[0].length;
      if (reader.claim(match.index, end)) {
        reader.call({ name: match[1], arguments: { text: match[2] } }, match.index);
      }
    }
  },
};

const echo = defineTool({
  name: 'echo',
  description: 'returns its text',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
  execute: ({ text }) => text,
});

let processors: Processor[] = [];
afterEach(async () => {
  await Promise.all(processors.map((processor) => processor.close()));
  processors = [];
});
function processorWith(options: Omit<ProcessorOptions, 'registry'> = {}): Processor {
  const registry = createRegistry();
  registry.register(echo);
  const processor = createProcessor({ registry, ...options });
  processors.push(processor);
  return processor;
}

const text =
  'first !!echo from bang\nthen <tool_call>{"name":"echo","arguments":{"text":"from hermes"}}</tool_call>';

describe('parser options of process() and createProcessor()', () => {
  it('reads only the default dialects unless told otherwise', async () => {
    const values = (await processorWith().process(text)).map((result) => result.value);
    expect(values).toEqual(['from hermes']);
  });

  it('takes custom dialects per call, the way parseToolCalls does', async () => {
    const processor = processorWith();
    const both = await processor.process(text, { dialects: [bangDialect, ...defaultDialects] });
    expect(both.map((result) => result.value)).toEqual(['from bang', 'from hermes']);
    const bangOnly = await processor.process(text, { dialects: [bangDialect] });
    expect(bangOnly.map((result) => result.value)).toEqual(['from bang']);
  });

  it('takes defaults at createProcessor, which a call can override', async () => {
    const processor = processorWith({ dialects: [bangDialect] });
    expect((await processor.process(text)).map((result) => result.value)).toEqual(['from bang']);
    const streamed: unknown[] = [];
    for await (const result of processor.stream(text)) streamed.push(result.value);
    expect(streamed).toEqual(['from bang']);
    const overridden = await processor.process(text, { dialects: defaultDialects });
    expect(overridden.map((result) => result.value)).toEqual(['from hermes']);
  });

  it('applies maxTextLength per call: a longer text is one PARSER_ERROR, nothing runs', async () => {
    const [result] = await processorWith().process(text, { maxTextLength: 10 });
    expect(result).toMatchObject({ ok: false, error: { code: 'PARSER_ERROR' } });
  });

  it('names the field of a bad parser option', async () => {
    expect(() => processorWith({ dialects: [{ name: 'x' } as never] })).toThrow(
      /options\.dialects\[0\]/,
    );
    await expect(processorWith().process(text, { maxIssues: 0 })).rejects.toThrow(
      /process options\.maxIssues/,
    );
  });

  it('refuses a dialect without specificationVersion "v1", naming the field', async () => {
    const { specificationVersion: _v1, ...unversioned } = bangDialect;
    const refusal = (() => {
      try {
        processorWith({ dialects: [defaultDialects[0]!, unversioned as never] });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      field: 'options.dialects[1].specificationVersion',
    });
    const future = { ...bangDialect, specificationVersion: 'v2' } as never;
    await expect(processorWith().process(text, { dialects: [future] })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      field: 'process options.dialects[0].specificationVersion',
      message: expect.stringContaining('"v2"'),
    });
  });

  it('every built-in dialect declares contract v1', () => {
    for (const dialect of defaultDialects) expect(dialect.specificationVersion).toBe('v1');
  });
});

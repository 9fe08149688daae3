/** One call a model asked for, after parsing (or given directly by the caller). */
export interface ToolCall {
  readonly id: string;
  /** Tool name: bare (`search`) or qualified (`web.search`). */
  readonly tool: string;
  readonly namespace?: string;
  /** A version or range (`1.2.0`, `1.x`, `^1.2`) the call pins. */
  readonly version?: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** Ids of calls in the same batch that must succeed first. */
  readonly dependsOn?: readonly string[];
  readonly priority?: number;
  readonly pool?: string;
  readonly estimatedMs?: number;
  readonly cost?: number;
  /** Which parser dialect produced the call, when it came from model output. */
  readonly dialect?: string;
  /**
   * Parameter values exactly as the model wrote them, from dialects whose values are untyped text
   * (Qwen3-Coder `<parameter=k>`, Anthropic XML `<parameter name="k">`). `arguments` holds the
   * parser's guess; the processor types each from the tool's input schema before validating.
   */
  readonly argumentText?: Readonly<Record<string, string>>;
}

/** Something in model output that looked like a tool call but could not be turned into one. */
export interface ParseIssue {
  readonly code: 'PARSER_ERROR';
  /** Dialect that found the problem (e.g. 'openai', 'hermes', 'json'). */
  readonly dialect: string;
  readonly message: string;
  /** Tool name, when it could be read. */
  readonly tool?: string;
  /** Character offset in the text where the problem starts, for text input. */
  readonly offset?: number;
  /** A short excerpt around the problem. */
  readonly snippet?: string;
}

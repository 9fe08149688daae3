/** Something in model output that looked like a tool call but could not be turned into one. */
export interface ParseIssue {
  readonly code: 'PARSER_ERROR';
  /** Dialect that found the problem (e.g. 'openai-chat', 'hermes', 'json'). */
  readonly dialect: string;
  readonly message: string;
  /** Tool name, when it could be read. */
  readonly tool?: string;
  /** Where in a structured input the problem is, as a JSON path (`$.choices[0].message`). */
  readonly path?: string;
  /** Character offset in the text where the problem starts, for text input. */
  readonly offset?: number;
  /** A short excerpt around the problem. */
  readonly snippet?: string;
}

/** A JSON Schema document (draft 2020-12 unless it says otherwise). */
export type JsonSchema = { readonly [keyword: string]: unknown };

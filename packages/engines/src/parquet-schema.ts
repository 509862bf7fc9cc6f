import type { SchemaElement } from "./parquet-file-writer.js";

/**
 * Builders for the nested parquet schemas that verl and EasyR1 read through Hugging Face
 * `datasets` (pyarrow). Every field is OPTIONAL, as pyarrow writes them, and lists use the
 * standard three-level LIST layout (`<name>` / `list` / `element`), so the Arrow types come
 * out as `string`, `binary`, `list<struct<...>>` and `struct<...>`.
 */

/** One column: its root element followed by its children, depth first. */
export type SchemaField = readonly SchemaElement[];

/** A UTF-8 string field. */
export function stringField(name: string): SchemaField {
  return [{ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" }];
}

/** A binary field (image bytes). */
export function bytesField(name: string): SchemaField {
  return [{ name, type: "BYTE_ARRAY", repetition_type: "OPTIONAL" }];
}

/** A signed 64-bit integer field (values are bigints). */
export function int64Field(name: string): SchemaField {
  return [{ name, type: "INT64", repetition_type: "OPTIONAL" }];
}

/** A struct (group) of fields; values are plain objects keyed by field name. */
export function structField(name: string, children: readonly SchemaField[]): SchemaField {
  return [{ name, repetition_type: "OPTIONAL", num_children: children.length }, ...children.flat()];
}

/** A list of structs; values are arrays of plain objects. */
export function listOfStructField(name: string, children: readonly SchemaField[]): SchemaField {
  return [
    { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL", num_children: children.length },
    ...children.flat(),
  ];
}

/** The whole file schema: the root, then each column. */
export function parquetSchema(columns: readonly SchemaField[]): SchemaElement[] {
  return [{ name: "root", num_children: columns.length }, ...columns.flat()];
}

/** The column name of a field. */
export function fieldName(field: SchemaField): string {
  return field[0]!.name;
}

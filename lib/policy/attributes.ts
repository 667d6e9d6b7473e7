/**
 * Reading synthesized Terraform attributes. Blocks are synthesized either as
 * an object or as a list of objects (cdktf keeps the list for repeatable
 * blocks), and any value may be a `${...}` reference to another resource.
 */

/** The attribute at a dotted path; a single-element block list is read through. */
export function attr(attributes: unknown, path: string): unknown {
  let value: unknown = attributes;
  for (const key of path.split(".")) {
    if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Every element of a block that may be synthesized as an object or a list. */
export function blocks(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
}

/** True for `true` and `"true"` (cdktf keeps some booleans as strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** True for `false` and `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** Set: a non-empty string (a reference counts), a number, a boolean, a non-empty list or object. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** `lifecycle.prevent_destroy` is on. */
export function preventsDestroy(attributes: Readonly<Record<string, unknown>>): boolean {
  return isTrue(attr(attributes, "lifecycle.prevent_destroy"));
}

/** The Terraform addresses (`type.name`, `data.type.name`) a value refers to. */
export function referencedAddresses(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const found = new Set<string>();
  for (const m of text.matchAll(/\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:[.[}])/g)) found.add(m[1]);
  return [...found];
}

/** Whether any attribute of `attributes` refers to the resource at `address`. */
export function refersTo(attributes: unknown, address: string): boolean {
  return JSON.stringify(attributes ?? null).includes("${" + address + ".");
}

/** A value for a message: strings quoted, absent shown as "unset". */
export function shown(value: unknown): string {
  if (value === undefined) return "unset";
  return JSON.stringify(value);
}

import { SchemaNode } from './schema';

/**
 * A copy of `value` with the schema's `default:` values filled in, as the API server's structural defaulting
 * does: a property that is absent from an object that exists gets its default (itself defaulted in turn);
 * an object or list that is absent stays absent, so its properties get no defaults. Properties set to
 * `undefined` count as absent. `value` is not changed.
 */
export function applyDefaults<T>(schema: SchemaNode | undefined, value: T): T {
  return withDefaults(schema, value) as T;
}

function withDefaults(schema: SchemaNode | undefined, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withDefaults(schema?.items, item));
  if (!isPlainObject(value)) return value;
  const entries: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child !== undefined) entries.push([key, withDefaults(propertySchema(schema, key), child)]);
  }
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    if (value[key] === undefined && property.default !== undefined) entries.push([key, withDefaults(property, structuredClone(property.default))]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" in a map stays data.
  return Object.fromEntries(entries);
}

function propertySchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (schema?.properties && Object.prototype.hasOwnProperty.call(schema.properties, key)) return schema.properties[key];
  return typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A small JSON Schema validator for the keywords the exporters' published schemas use
 * (draft-06: `type`, `properties`, `required`, `enum`, `items`, `anyOf`, local `$ref`).
 * A keyword it does not know is an error, so a schema that grows past it cannot pass
 * silently. Returns the first few violations as `path: what`, [] when the value fits.
 */
export type JsonSchema = {
  $schema?: string;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  type?: 'object' | 'array' | 'string' | 'number';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

const KNOWN = new Set(['$schema', '$ref', 'definitions', 'type', 'properties', 'required', 'enum', 'items', 'anyOf']);

export function validateJson(root: JsonSchema, value: unknown, maxErrors = 5): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): JsonSchema => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const target = m ? root.definitions?.[m[1]] : undefined;
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return target;
  };
  // Returns whether `v` fits; pushes errors only when `report`.
  const check = (schema: JsonSchema, v: unknown, path: string, report: boolean): boolean => {
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} is not supported`);
    const fail = (what: string): false => {
      if (report && errors.length < maxErrors) errors.push(`${path || '/'}: ${what}`);
      return false;
    };
    if (schema.$ref !== undefined) return check(resolve(schema.$ref), v, path, report);
    if (schema.type !== undefined) {
      const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
      if (t !== schema.type) return fail(`is ${t}, not ${schema.type}`);
      if (t === 'number' && !Number.isFinite(v)) return fail('is not a finite number');
    }
    if (schema.enum !== undefined && !schema.enum.includes(v)) return fail(`${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (schema.anyOf !== undefined && !schema.anyOf.some((s) => check(s, v, path, false))) return fail('matches none of anyOf');
    let ok = true;
    if (schema.required !== undefined && typeof v === 'object' && v !== null) {
      for (const r of schema.required) if (!(r in v)) ok = fail(`misses ${r}`);
    }
    if (schema.properties !== undefined && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      for (const [k, s] of Object.entries(schema.properties)) if (k in obj && !check(s, obj[k], `${path}/${k}`, report)) ok = false;
    }
    if (schema.items !== undefined && Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!check(schema.items, v[i], `${path}/${i}`, report)) {
          ok = false;
          if (!report || errors.length >= maxErrors) break;
        }
      }
    }
    return ok;
  };
  check(root, value, '', true);
  return errors;
}

/**
 * json-logic-js's `var`, reading own properties only: `__proto__`, `constructor`, `toString` and
 * anything else a value merely inherits read as missing, so a rule cannot reach prototypes.
 *
 * @example
 * ```ts
 * readVar({ a: { b: [10, 20] } }, 'a.b.1'); // 20
 * readVar({ a: 1 }, 'a.__proto__', 'none'); // 'none'
 * readVar({ a: 1 }, ''); // { a: 1 }: an empty path reads the whole data
 * ```
 */
export function readVar(data: unknown, path: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === '' || path === null) return data;
  let current = data;
  for (const key of String(path).split('.')) {
    if (current === null || current === undefined || !Object.hasOwn(current, key)) return notFound;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return notFound;
  }
  return current;
}

/**
 * The values a rule read, for the audit trace: each path (as `logicVars` lists them) mapped to
 * what `{"var": path}` returns on `data`, with `undefined` written as `null` so it survives JSON.
 *
 * @example
 * ```ts
 * readVars(['contact.lead_score', 'contact.plan'], { contact: { lead_score: 92 } });
 * // { 'contact.lead_score': 92, 'contact.plan': null }
 * ```
 */
export function readVars(paths: readonly string[], data: unknown): Record<string, unknown> {
  // fromEntries defines own properties, so a path named "__proto__" cannot change the prototype.
  return Object.fromEntries(paths.map((path) => [path, readVar(data, path) ?? null]));
}

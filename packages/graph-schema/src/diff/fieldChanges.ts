export interface FieldChange {
  path: Array<string | number>;
  before: unknown;
  after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality over JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a).filter((key) => a[key] !== undefined);
  if (keys.length !== Object.keys(b).filter((key) => b[key] !== undefined).length) return false;
  return keys.every((key) => sameJson(a[key], b[key]));
}

/**
 * Field-level differences between two JSON values, as leaf paths with before/after values.
 * Objects recurse by key. Arrays of equal length, or where one extends the other, recurse by
 * index (so an added gate branch reads `branches[2]: (none) → {...}`); any other array change
 * is reported as the whole array, since index-by-index output would be noise after an insert.
 */
export function fieldChanges(
  before: unknown,
  after: unknown,
  path: Array<string | number> = [],
): FieldChange[] {
  if (sameJson(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const shorter = Math.min(before.length, after.length);
    const prefixKept = before.slice(0, shorter).every((item, i) => sameJson(item, after[i]));
    if (before.length === after.length || prefixKept) {
      const longer = Math.max(before.length, after.length);
      return Array.from({ length: longer }, (_, i) => fieldChanges(before[i], after[i], [...path, i])).flat();
    }
  }
  return [{ path, before, after }];
}

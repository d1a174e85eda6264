/**
 * An ISO instant in the reader's locale and time zone ("Mar 2, 2026, 10:00 AM"); empty for none,
 * the text itself when it is not an instant.
 *
 * @example
 * ```ts
 * formatWhen('2026-03-02T10:00:00Z'); // 'Mar 2, 2026, 11:00 AM' in Berlin
 * ```
 */
export function formatWhen(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * What to show for a failure: an Error's message, or the thrown value as text.
 *
 * @example
 * ```ts
 * messageOf(new Error('Not found')); // 'Not found'
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

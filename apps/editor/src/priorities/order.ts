/**
 * The list with the item at `from` moved to `to` (both clamped to the list). A new array; the
 * input is left as it was.
 *
 * @example
 * moveItem(['a', 'b', 'c'], 2, 0) // ['c', 'a', 'b']
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1) as [T];
  out.splice(target, 0, item);
  return out;
}

/** "34 contacts" / "1 contact" / "no contacts". */
export function contactsWord(count: number): string {
  if (count === 0) return 'no contacts';
  return count === 1 ? '1 contact' : `${count.toLocaleString('en')} contacts`;
}

/** The overlap of two journeys in plain words. */
export function overlapSentence(a: string, b: string, contacts: number): string {
  const who = contactsWord(contacts);
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} qualified for both ${a} and ${b} in the last 30 days.`;
}

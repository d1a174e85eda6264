/**
 * Where a contact falls in [0, 1) for a given salt: FNV-1a over `salt:contactId`, then the
 * MurmurHash3 finaliser so that similar ids (c-1, c-2, …) spread evenly. Pure and the same on
 * every machine, so a contact always takes the same branch until the salt changes.
 *
 * @example
 * ```ts
 * bucket('contact-42', 'pricing-test'); // 0.7316… every time
 * ```
 */
export function bucket(contactId: string, salt: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${salt}:${contactId}`)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The known name closest to a misspelt one, if it is close enough to be what was meant
 * (`contact.leadscore` → `contact.lead_score`). Case and `_`/`-` are compared loosely.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const loose = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const target = loose(name);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance =
      loose(candidate) === target ? 0.5 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const tail = name.split('.').at(-1) ?? name;
  return bestDistance <= Math.max(2, Math.floor(tail.length / 3)) ? best : undefined;
}

/** Makes ids that fit the graph's id pattern (letters, digits, `_ . : -`). */
export type IdFactory = (prefix: string) => string;

/** Random short ids, e.g. `wait-k3v9q2`. The prefix is slugged so pack types ("acme/crm") stay valid. */
export const randomId: IdFactory = (prefix) => {
  const slug = prefix.replace(/[^A-Za-z0-9_.:-]+/g, '-').slice(0, 40) || 'node';
  return `${slug}-${Math.random().toString(36).slice(2, 8)}`;
};

/** Deterministic ids for tests: `wait-1`, `wait-2`, ... */
export function counterIds(): IdFactory {
  let n = 0;
  return (prefix) => `${prefix}-${++n}`;
}

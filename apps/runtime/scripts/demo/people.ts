/** Made-up but plausible contacts for demo traffic (no real people). */
const FIRST = [
  'Mara',
  'Jonas',
  'Aiko',
  'Luca',
  'Priya',
  'Sam',
  'Ines',
  'Tomás',
  'Zoe',
  'Kwame',
  'Lea',
  'Omar',
  'Nina',
  'Arjun',
];
const COMPANY = [
  'Brightside',
  'Northwind',
  'Fernhill',
  'Acorn Labs',
  'Bluefin',
  'Quarry',
  'Tidewater',
  'Helix',
  'Parcel',
];
const INDUSTRY = ['SaaS', 'SaaS', 'SaaS', 'Retail', 'Fintech', 'Healthcare'];
const REGION = ['emea', 'amer', 'apac'];

export type Random = () => number;

export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

/** A deterministic pseudo-random source (mulberry32), so `--seed` replays the same traffic. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Attributes of a new demo contact. */
export function person(rnd: Random, n: number, run: string) {
  const first = pick(rnd, FIRST);
  const company = pick(rnd, COMPANY);
  return {
    id: `demo-${run}-${n}`,
    attributes: {
      email: `${first.toLowerCase()}.${n}.${run}@${company.toLowerCase().replace(/\s+/g, '')}.example`,
      first_name: first,
      company,
      industry: pick(rnd, INDUSTRY),
      region: pick(rnd, REGION),
      lead_score: Math.round(30 + rnd() * 70),
      email_status: rnd() < 0.85 ? 'verified' : 'unknown',
      plan_interest: rnd() < 0.2 ? 'enterprise' : 'growth',
      demo: true,
    },
  };
}

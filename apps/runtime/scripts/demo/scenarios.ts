import { pick, type Random } from './people.js';

/** Something a demo contact does later: engage with an email it got, or send an event. */
export type FollowUp =
  | { kind: 'open' | 'click' | 'reply'; chance: number; afterSeconds: [number, number] }
  | {
      kind: 'event';
      type: string;
      properties?: Record<string, unknown>;
      chance: number;
      afterSeconds: [number, number];
    };

/** How one kind of visitor behaves: the event that starts a journey, then what it may do. */
export interface Scenario {
  name: string;
  /** Share of new contacts that behave like this. */
  weight: number;
  start(rnd: Random): { type: string; properties: Record<string, unknown> };
  followUps: FollowUp[];
}

/** Visitors for the bundled examples (re-engagement starts on a segment, so it gets no arrivals). */
export const SCENARIOS: Scenario[] = [
  {
    name: 'pricing page',
    weight: 40,
    start: () => ({ type: 'page.viewed', properties: { page: 'pricing', path: '/pricing' } }),
    followUps: [
      { kind: 'open', chance: 0.6, afterSeconds: [3, 25] },
      { kind: 'click', chance: 0.25, afterSeconds: [10, 40] },
      { kind: 'reply', chance: 0.08, afterSeconds: [20, 60] },
      { kind: 'event', type: 'meeting.booked', chance: 0.12, afterSeconds: [30, 90] },
    ],
  },
  {
    name: 'abandoned cart',
    weight: 25,
    start: (rnd) => ({
      type: 'cart.abandoned',
      properties: { value: Math.round(15 + rnd() * 285), items: 1 + Math.floor(rnd() * 4), currency: 'EUR' },
    }),
    followUps: [
      { kind: 'open', chance: 0.5, afterSeconds: [3, 20] },
      { kind: 'click', chance: 0.3, afterSeconds: [8, 30] },
      {
        kind: 'event',
        type: 'purchase',
        properties: { first_order: false },
        chance: 0.3,
        afterSeconds: [10, 60],
      },
    ],
  },
  {
    name: 'trial ending',
    weight: 15,
    start: () => ({ type: 'trial.ending', properties: { days_left: 7 } }),
    followUps: [
      { kind: 'open', chance: 0.55, afterSeconds: [3, 20] },
      { kind: 'click', chance: 0.3, afterSeconds: [8, 35] },
      {
        kind: 'event',
        type: 'subscription.started',
        properties: { plan: 'growth' },
        chance: 0.25,
        afterSeconds: [15, 80],
      },
    ],
  },
  {
    name: 'outbound prospect',
    weight: 10,
    start: () => ({ type: 'prospect.added', properties: { sequence: 'q3-fintech-outbound' } }),
    followUps: [
      { kind: 'open', chance: 0.5, afterSeconds: [5, 25] },
      { kind: 'reply', chance: 0.2, afterSeconds: [15, 60] },
      { kind: 'event', type: 'meeting.booked', chance: 0.1, afterSeconds: [30, 100] },
    ],
  },
  {
    name: 'first purchase',
    weight: 10,
    start: (rnd) => ({
      type: 'purchase',
      properties: { first_order: true, value: Math.round(40 + rnd() * 400), currency: 'EUR' },
    }),
    followUps: [
      { kind: 'open', chance: 0.6, afterSeconds: [3, 20] },
      {
        kind: 'event',
        type: 'page.viewed',
        properties: { page: 'docs' },
        chance: 0.4,
        afterSeconds: [5, 30],
      },
      {
        kind: 'event',
        type: 'review.submitted',
        properties: { stars: 5 },
        chance: 0.1,
        afterSeconds: [30, 90],
      },
    ],
  },
];

/** Picks a scenario by weight. */
export function pickScenario(rnd: Random, scenarios: readonly Scenario[] = SCENARIOS): Scenario {
  const total = scenarios.reduce((a, s) => a + s.weight, 0);
  let roll = rnd() * total;
  for (const s of scenarios) {
    roll -= s.weight;
    if (roll < 0) return s;
  }
  return pick(rnd, scenarios);
}

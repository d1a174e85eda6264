import type { DataDictionary } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { buildDictionary } from '../../conditions/dictionary.js';
import { caseWords, resultWords } from './caseWords.js';
import {
  contactModel,
  contactOf,
  contactSearches,
  contactSummary,
  parseContactJson,
  ruleExamples,
  sampleContact,
} from './contactForm.js';
import { eventSentence, eventsOfRows, rowsOfEvents, sampleEvents, sortRows } from './timelineRows.js';

const dictionary = buildDictionary({
  contact: [],
  events: [],
  fields: [
    { path: 'contact.lead_score', type: 'number', source: 'contact', seen: 3 },
    { path: 'contact.trial', type: 'boolean', source: 'contact', seen: 3 },
    { path: 'contact.signed_up', type: 'date', source: 'contact', seen: 3 },
    { path: 'contact.region', type: 'text', source: 'contact', seen: 3, values: ['emea', 'amer'] },
  ],
  segments: [],
  countCap: 1000,
  paths: [],
} satisfies DataDictionary);

const graph = {
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      config: {
        on: 'event',
        event: 'page.viewed',
        filter: { '==': [{ var: 'event.properties.page' }, 'pricing'] },
      },
    },
    { id: 'w', type: 'wait', config: { mode: 'event', event: 'email.opened', timeout: 'P2D' } },
    {
      id: 'g',
      type: 'segment-gate',
      config: {
        branches: [
          {
            id: 'b1',
            label: 'Hot',
            rule: {
              and: [
                { '>': [{ var: 'contact.lead_score' }, 80] },
                { '==': [{ var: 'contact.industry' }, 'SaaS'] },
                { '==': [{ var: 'contact.region' }, { var: 'contact.home' }] },
              ],
            },
          },
        ],
      },
    },
  ],
  edges: [],
} as unknown as Graph;

describe('the sample contact as a form', () => {
  it('types each attribute by the dictionary, else by its value, and reads back the same contact', () => {
    const contact = {
      id: 'c-1',
      lead_score: 92,
      trial: false,
      signed_up: '2026-01-02',
      note: 'x',
      tags: ['a'],
    };
    const model = contactModel(contact, dictionary);
    expect(model.id).toBe('c-1');
    expect(model.rows.map((r) => [r.field, r.kind, r.text])).toEqual([
      ['lead_score', 'number', '92'],
      ['trial', 'boolean', 'false'],
      ['signed_up', 'date', '2026-01-02'],
      ['note', 'text', 'x'],
      ['tags', 'json', '["a"]'],
    ]);
    expect(contactOf(model)).toEqual(contact);
  });
  it('leaves out empty boxes and names of nothing', () => {
    const model = contactModel({ lead_score: 1, region: 'emea' }, dictionary);
    model.rows[0] = { ...model.rows[0]!, text: '' };
    model.rows.push({ key: 99, field: ' ', kind: 'text', text: 'lost' });
    expect(contactOf(model)).toEqual({ region: 'emea' });
  });
  it('pre-fills the fields the rules read with values that pass their comparisons', () => {
    expect(ruleExamples(graph.nodes[2]?.config)).toEqual(
      new Map<string, unknown>([
        ['contact.lead_score', 81],
        ['contact.industry', 'SaaS'],
      ]),
    );
    expect(sampleContact(graph, dictionary)).toEqual({
      email: 'mara@example.com',
      first_name: 'Mara',
      lead_score: 81,
      industry: 'SaaS',
      region: 'emea',
      home: '',
    });
  });
  it('names a contact by name and email', () => {
    expect(contactSummary({ id: 'x', first_name: 'Mara', last_name: 'Lind', email: 'm@x.io' })).toBe(
      'Mara Lind (m@x.io)',
    );
    expect(contactSummary({ email: 'm@x.io' })).toBe('m@x.io');
    expect(contactSummary({ id: 'x', plan: 'pro' })).toBe('a contact with 1 attribute');
  });
});

describe('the timeline as rows', () => {
  it('turns rows into events in time order and back', () => {
    const events = [
      { after: 'PT2H', type: 'email.opened' },
      { after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing', amount: 40, vip: true } },
      { after: 'P1W', type: 'x' },
      { after: 90 * 60_000, type: 'y' },
    ];
    const rows = rowsOfEvents(events);
    expect(rows.map((r) => `${r.amount} ${r.unit} ${r.type}`)).toEqual([
      '0 minutes page.viewed',
      '90 minutes y',
      '2 hours email.opened',
      '1 weeks x',
    ]);
    expect(eventsOfRows(rows)).toEqual([
      { after: 'PT0M', type: 'page.viewed', properties: { page: 'pricing', amount: 40, vip: true } },
      { after: 'PT90M', type: 'y' },
      { after: 'PT2H', type: 'email.opened' },
      { after: 'P1W', type: 'x' },
    ]);
    expect(eventsOfRows(rowsOfEvents(eventsOfRows(rows)))).toEqual(eventsOfRows(rows));
  });
  it('reorders by time and names the row it cannot read', () => {
    const [a, b] = rowsOfEvents([
      { after: 'PT1H', type: 'a' },
      { after: 'PT2H', type: 'b' },
    ]);
    const moved = { ...b!, amount: '30', unit: 'minutes' as const };
    expect(sortRows([a!, moved]).map((r) => r.type)).toEqual(['b', 'a']);
    expect(() => eventsOfRows([a!, { ...moved, type: ' ' }])).toThrow('Event 1: pick or type the event');
    expect(() => eventsOfRows([a!, { ...moved, amount: '1.5' }])).toThrow('Event 2: the time must be');
  });
  it('speaks in sentences and starts from the trigger and the waits', () => {
    expect(eventSentence({ after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing' } })).toBe(
      'At the start: page.viewed with page “pricing”',
    );
    expect(eventSentence({ after: 'P1D', type: 'email.opened' })).toBe('After 1 day: email.opened');
    expect(eventSentence({ after: 'PT3H', type: 'x', properties: { n: 2 } })).toBe(
      'After 3 hours: x with n 2',
    );
    expect(sampleEvents(graph)).toEqual([
      { after: 'PT0M', type: 'page.viewed', properties: { page: 'pricing' } },
      { after: 'PT1H', type: 'email.opened' },
    ]);
    const scheduled = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.type === 'trigger'
          ? {
              ...n,
              config: { on: 'schedule', segment: 'newsletter', schedule: { repeat: 'daily', time: '09:00' } },
            }
          : n,
      ),
    };
    expect(sampleEvents(scheduled)[0]).toEqual({
      after: 'PT0M',
      type: 'schedule.run',
      properties: { segment: 'newsletter' },
    });
  });
});

describe('test cases in words', () => {
  const label = (id: string) => ({ hand: 'Hand to regional AE', study: 'Send a case study' })[id] ?? id;
  it('says who, when and where, by label', () => {
    expect(
      caseWords(
        {
          contact: { id: 'c', first_name: 'Mara', email: 'mara@example.com' },
          events: [
            { after: 'PT0S', type: 'page.viewed' },
            { after: 'PT2H', type: 'email.opened' },
          ],
          expectedEnd: 'hand',
        },
        label,
      ),
    ).toEqual({
      contact: 'Mara (mara@example.com)',
      events: ['At the start: page.viewed', 'After 2 hours: email.opened'],
      expects: 'should end at “Hand to regional AE”',
    });
  });
  it('names the step expected and the step reached', () => {
    const base = { id: 'x', name: 'n', outcome: 'completed', expectedEnd: 'hand' };
    expect(resultWords({ ...base, passed: true, actualEnd: 'hand' }, label)).toBe(
      'Ended at “Hand to regional AE”, as expected',
    );
    expect(resultWords({ ...base, passed: false, actualEnd: 'study' }, label)).toBe(
      'Expected to end at “Hand to regional AE” but reached “Send a case study”',
    );
    expect(resultWords({ ...base, passed: false, actualEnd: null }, label)).toContain('never entered');
  });
});

describe('the Advanced view', () => {
  it('names the line of contact JSON that does not read', () => {
    expect(() => parseContactJson('{\n  "a": 1,\n}')).toThrow('contact: not valid JSON (line 3)');
    expect(() => parseContactJson('[1]')).toThrow('contact: must be a JSON object');
    expect(parseContactJson('{"a": 1}')).toEqual({ a: 1 });
  });
  it('searches contacts by email start and by name', () => {
    const [byEmail, byName] = contactSearches(' mara ');
    expect(byEmail).toEqual({ q: 'mara' });
    expect(JSON.parse(byName?.filter ?? '')).toMatchObject({
      or: expect.arrayContaining([{ in: ['Mara', { var: 'contact.first_name' }] }]),
    });
    expect(contactSearches('  ')).toEqual([]);
  });
});

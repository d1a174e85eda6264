import type { TraceStep } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import {
  describeDecision,
  describeDelivery,
  plainReason,
  type TraceNames,
  traceJourneys,
} from './traceRows.js';

const step = (over: Partial<TraceStep>): TraceStep => ({
  id: '1',
  enrollmentId: 'e1',
  workflowId: 'w1',
  workflowName: 'Pricing',
  version: 2,
  nodeId: 'n',
  nodeType: 'send',
  at: '2026-11-20T10:00:00Z',
  output: 'next',
  decision: { next: 'next', effect: 'email' },
  reason: { summary: 'Email queued' },
  delivery: null,
  ...over,
});

describe('traceJourneys', () => {
  it('groups steps by enrollment, newest journey first, with the values gates read', () => {
    const journeys = traceJourneys([
      step({ id: '1' }),
      step({
        id: '2',
        nodeId: 'qualify',
        nodeType: 'segment-gate',
        output: 'hot-saas',
        decision: { next: 'hot-saas' },
        reason: {
          summary: "Branch 'Hot SaaS lead' matched",
          details: {
            rule: { '>': [{ var: 'contact.lead_score' }, 80] },
            reads: { 'contact.lead_score': 92 },
          },
        },
      }),
      step({ id: '3', enrollmentId: 'e2', version: 3 }),
    ]);
    expect(journeys.map((j) => [j.enrollmentId, j.version, j.rows.length])).toEqual([
      ['e2', 3, 1],
      ['e1', 2, 2],
    ]);
    const gate = journeys[1]?.rows[1];
    expect(gate?.reads).toEqual([['contact.lead_score', 92]]);
    expect(gate?.decision).toBe("took 'hot-saas'");
    expect(gate?.rule).toEqual({ '>': [{ var: 'contact.lead_score' }, 80] });
  });
});

describe('describeDecision', () => {
  it('reads waits, resumes and ends', () => {
    expect(
      describeDecision({ decision: { waitFor: { event: 'email.opened', timeoutAt: 'T' } }, output: null }),
    ).toBe('waiting for email.opened until later');
    expect(describeDecision({ decision: { resumed: 'event', by: 'email.opened' }, output: 'event' })).toBe(
      "resumed by email.opened: took 'event'",
    );
    expect(describeDecision({ decision: { exit: 'completed' }, output: null })).toBe('ended: completed');
  });
});

describe('describeDelivery', () => {
  const base = { effectId: '7', sentAt: null, subject: null, to: null, note: null, owner: null };
  it('names the rendered subject, the address and the state of an email, linked to the mailbox', () => {
    expect(
      describeDelivery({ ...base, kind: 'email', state: 'sent', subject: 'Dana, hi', to: 'dana@acme.io' }),
    ).toEqual({ text: 'Email “Dana, hi” to dana@acme.io: sent', messageId: '7' });
    expect(describeDelivery({ ...base, kind: 'email', state: 'pending' }).text).toBe(
      'Email (not rendered yet): pending',
    );
  });
  it('names the owner, the state and the rendered note of a handoff', () => {
    expect(
      describeDelivery({
        ...base,
        kind: 'handoff',
        state: 'delivered-to-ledger',
        owner: 'ana@lumen.example',
        note: 'Dana viewed pricing',
      }),
    ).toEqual({
      text: 'Handoff to ana@lumen.example: delivered-to-ledger — “Dana viewed pricing”',
      messageId: null,
    });
  });
});

describe('labels in the trace', () => {
  const names: TraceNames = {
    step: (_w, _v, id) => ({ qualify: 'Sales-ready?', n: 'Pricing follow-up' })[id] ?? id,
    output: (_w, _v, _n, handle) => ({ 'hot-saas': 'Hot SaaS lead' })[handle] ?? handle,
    outputs: (_w, _v, id) => (id === 'qualify' ? 2 : 1),
  };

  it('names steps and branches by their labels, never by ids', () => {
    const [journey] = traceJourneys(
      [
        step({ id: '1' }),
        step({ id: '2', nodeId: 'qualify', nodeType: 'segment-gate', output: 'hot-saas', decision: {} }),
      ],
      names,
    );
    expect(journey?.rows.map((r) => [r.step, r.decision])).toEqual([
      ['Pricing follow-up', 'continued (email)'],
      ['Sales-ready?', "took 'Hot SaaS lead'"],
    ]);
    expect(
      describeDecision(
        { decision: { resumed: 'hot-saas', by: 'email.opened' }, output: null, nodeId: 'qualify' },
        names,
      ),
    ).toBe("resumed by email.opened: took 'Hot SaaS lead'");
    expect(
      describeDecision({ decision: { waitFor: { event: 'email.opened', timeoutAt: 'x' } }, output: null }),
    ).toBe('waiting for email.opened until later');
  });

  it("replaces a send's subject template with the subject the contact got", () => {
    const reason = { summary: "Email '{{ contact.first_name }}, questions?' queued (marketing)" };
    const delivery = {
      effectId: '9',
      kind: 'email',
      state: 'sent',
      sentAt: null,
      subject: 'Mara, questions?',
      to: 'mara@example.com',
      note: null,
      owner: null,
    };
    expect(plainReason({ reason, delivery })).toBe('Email “Mara, questions?” queued (marketing)');
    expect(plainReason({ reason, delivery: null })).toBe('Email queued (marketing)');
    expect(plainReason({ reason: { summary: "Email 'Hello' queued (marketing)" }, delivery: null })).toBe(
      "Email 'Hello' queued (marketing)",
    );
  });
});

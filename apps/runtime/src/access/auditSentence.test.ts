import { describe, expect, it } from 'vitest';
import { actorLabel, auditSentence, type SentenceInput } from './auditSentence.js';

const entry = (patch: Partial<SentenceInput>): SentenceInput => ({
  actor: 'Ana (3f2a9c1e)',
  actorRole: 'publisher',
  action: 'workflow.activated',
  workflowName: 'Pricing page → sales handoff',
  workflowId: '0b7c1e2a-0000-4000-8000-000000000000',
  subject: 'v3',
  details: {},
  ...patch,
});

describe('auditSentence', () => {
  it('reads the issue’s example: who, with role, did what to which journey, and why', () => {
    const details = {
      fromVersion: 2,
      toVersion: 3,
      fromStatus: 'active',
      rollback: false,
      reason: 'fix subject',
    };
    expect(auditSentence(entry({ details }))).toBe(
      "Ana (publisher) activated 'Pricing page → sales handoff' v3, was v2: 'fix subject'",
    );
  });

  it('says when an activation also enrolled the contacts already in the segment, and how many', () => {
    const details = { fromVersion: null, toVersion: 1, fromStatus: 'draft', rollback: false };
    const enrolExisting = { segments: ['hot-leads'], contacts: 120 };
    expect(auditSentence(entry({ subject: 'v1', details: { ...details, enrolExisting } }))).toBe(
      "Ana (publisher) activated 'Pricing page → sales handoff' v1, also enrolling the 120 contacts already in segment 'hot-leads'",
    );
  });

  it('tells rollbacks, resumes and pauses apart', () => {
    const rollback = { fromVersion: 3, toVersion: 2, fromStatus: 'active', rollback: true, reason: 'typo' };
    expect(auditSentence(entry({ details: rollback }))).toBe(
      "Ana (publisher) rolled back 'Pricing page → sales handoff' to v2, was v3: 'typo'",
    );
    const resume = { fromVersion: 3, toVersion: 3, fromStatus: 'paused', rollback: false };
    expect(auditSentence(entry({ details: resume }))).toBe(
      "Ana (publisher) resumed 'Pricing page → sales handoff' v3",
    );
    expect(
      auditSentence(entry({ action: 'workflow.paused', details: { version: 3, reason: 'copy review' } })),
    ).toBe("Ana (publisher) paused 'Pricing page → sales handoff' v3: 'copy review'");
    const rollout = { version: 4, baseVersion: 3, fromPercent: 5, toPercent: 25, reason: 'no complaints' };
    expect(auditSentence(entry({ action: 'workflow.rollout', details: rollout }))).toBe(
      "Ana (publisher) rolled 'Pricing page → sales handoff' v4 out to 25% of new enrolments (was 5%, the rest on v3): 'no complaints'",
    );
    const reason = 'Guardrail: email failure rate 12.5% over 10% on 160 emails of v3';
    expect(
      auditSentence(
        entry({ action: 'workflow.paused', details: { version: 3, reason, guardrail: { rate: 0.125 } } }),
      ),
    ).toBe(
      "The guardrail paused 'Pricing page → sales handoff' v3: email failure rate 12.5% over 10% on 160 emails of v3. Nothing sent is sent again; waiting contacts stay parked until it is resumed",
    );
    const stopped = {
      version: 4,
      baseVersion: 3,
      fromPercent: 25,
      toPercent: 0,
      reason,
      figures: { rate: 0.125 },
    };
    expect(auditSentence(entry({ action: 'workflow.rollout', details: stopped }))).toBe(
      "The guardrail sent the rollout of 'Pricing page → sales handoff' v4 back to 0% (was 25%; everyone new gets v3): email failure rate 12.5% over 10% on 160 emails of v3",
    );
    const winner = { label: 'Short copy', fromVersion: 4, version: 5 };
    expect(auditSentence(entry({ action: 'experiment.winner-declared', details: winner }))).toBe(
      "Ana (publisher) declared 'Short copy' the winner of the split in 'Pricing page → sales handoff' v4: v5 runs it for everyone",
    );
    const control = { fromPercent: 0, toPercent: 10, reason: 'measure lift' };
    expect(auditSentence(entry({ action: 'workflow.control-group', details: control }))).toBe(
      "Ana (publisher) set the control group of 'Pricing page → sales handoff' to 10% (was 0%): 'measure lift'",
    );
  });

  it('lists the first changes of a draft editing session and counts the rest', () => {
    const changes = ['a', 'b', 'c', 'd', 'e'];
    expect(auditSentence(entry({ action: 'draft.edited', details: { saves: 12, changes } }))).toBe(
      "Ana (publisher) edited the draft of 'Pricing page → sales handoff' (12 saves): a; b; c; and 2 more",
    );
  });

  it('names a journey that is gone by its id, and an unknown action plainly', () => {
    expect(
      auditSentence(entry({ action: 'workflow.paused', workflowName: null, details: { version: 1 } })),
    ).toBe('Ana (publisher) paused a journey (id 0b7c1e2a) v1');
    expect(auditSentence(entry({ action: 'pack.loaded', actorRole: null, subject: '@acme/crm' }))).toBe(
      'Ana (3f2a9c1e) pack.loaded @acme/crm',
    );
  });

  it('shows the key’s id prefix only when the role is unknown', () => {
    expect(actorLabel('ci deploy (3f2a9c1e)', 'admin')).toBe('ci deploy (admin)');
    expect(actorLabel('system', null)).toBe('system');
  });
});

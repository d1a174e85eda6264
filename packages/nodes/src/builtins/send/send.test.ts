import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context.js';
import { SendConfig } from './config.js';
import { sendNode } from './definition.js';
import { executeSend } from './execute.js';

const followUp = {
  subject: "{{ contact.first_name | default: 'Hi' }}, questions about pricing?",
  text: "Hi {{ contact.first_name | default: 'there' }}, saw you on our pricing page.",
  reason: 'You are receiving this because you viewed our pricing page.',
};

describe('send', () => {
  it('asks the runtime for an email effect with the templates untouched', () => {
    const decision = executeSend(testContext(SendConfig.parse({ ...followUp, replyTo: 'ana@acme.io' })));
    expect(decision).toEqual({
      next: 'next',
      effect: { kind: 'email', ...followUp, replyTo: 'ana@acme.io', category: 'marketing' },
      reason: { summary: `Email '${followUp.subject}' queued (marketing)` },
    });
  });

  it('leaves out parts that are not set', () => {
    const decision = executeSend(
      testContext(SendConfig.parse({ ...followUp, text: undefined, html: '<p>Hi</p>' })),
    );
    expect('effect' in decision && Object.keys(decision.effect ?? {}).sort()).toEqual(
      ['category', 'html', 'kind', 'reason', 'subject'].sort(),
    );
  });

  it('keeps transactional email transactional', () => {
    const receipt = SendConfig.parse({ ...followUp, category: 'transactional' });
    expect(executeSend(testContext(receipt))).toMatchObject({ effect: { category: 'transactional' } });
    expect(sendNode.summary?.(receipt)).toContain('(transactional)');
  });

  it('needs at least one body, a subject and a reason', () => {
    const bodiless = SendConfig.safeParse({ subject: 'Hi', reason: 'Because' });
    expect(bodiless.error?.issues).toMatchObject([
      { path: ['html'], message: expect.stringContaining('body') },
    ]);
    expect(SendConfig.safeParse({ ...followUp, subject: '' }).success).toBe(false);
    expect(SendConfig.safeParse({ ...followUp, reason: undefined }).error?.issues[0]?.path).toEqual([
      'reason',
    ]);
  });

  it('rejects a from without an address', () => {
    expect(SendConfig.safeParse({ ...followUp, from: 'Acme' }).error?.issues[0]?.path).toEqual(['from']);
  });
});

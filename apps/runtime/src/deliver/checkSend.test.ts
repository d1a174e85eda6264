import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace, rowWriter } from '../testing/testRows.js';
import { saveChannelSettings } from './channelSettings.js';
import { checkSend, type SendCheckInput } from './checkSend.js';
import { addSuppression } from './suppressions.js';

describe('checkSend (suppression + guardrails with inputs from the ledger)', () => {
  let db: TestDatabase;
  let ws: string;
  const now = new Date('2026-06-30T12:00:00Z');
  let w: ReturnType<typeof rowWriter>;
  const base = (contactId: string): SendCheckInput => ({
    workspaceId: ws,
    contactId,
    email: `${contactId}@example.com`,
    category: 'marketing',
    now,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql, 'g');
    w = rowWriter(db.sql, ws, now);
    const saved = await saveChannelSettings(
      db.sql,
      ws,
      {
        guardrails: {
          frequencyCap: { maxSends: 2, window: 'P7D', onCap: 'defer' },
          fatigue: { noOpensInLastSends: 3, action: 'skip', slowBy: 'P2D' },
        },
      },
      { allowLoopback: false },
    );
    expect(saved.ok).toBe(true);
  });
  afterAll(() => db?.drop());

  it('sends to a fresh contact', async () => {
    expect(await checkSend(db.sql, base('fresh'))).toEqual({ action: 'send' });
  });

  it('skips a suppressed contact or address, transactional email included, inside a transaction', async () => {
    await addSuppression(db.sql, ws, { email: 'Gone@Example.com', reason: 'bounced', source: 'test' });
    const decision = await db.sql.begin((tx) =>
      checkSend(tx, { ...base('gone'), category: 'transactional' }),
    );
    expect(decision).toMatchObject({
      action: 'skip',
      reason: { code: 'suppressed', details: { reason: 'bounced' } },
    });
  });

  it('counts sent, sending and ambiguous marketing emails across journeys against the cap', async () => {
    await w.effect('capped', { daysAgo: 6 });
    await w.effect('capped', { state: 'ambiguous', daysAgo: 1 });
    await w.effect('capped', { state: 'failed', daysAgo: 1 });
    await w.effect('capped', { daysAgo: 1, payload: { kind: 'email', category: 'transactional' } });
    const decision = await checkSend(db.sql, base('capped'));
    expect(decision).toMatchObject({ action: 'defer', reason: { code: 'frequency-cap' } });
    expect(decision.action === 'defer' && decision.until.toISOString()).toBe('2026-07-01T12:00:00.000Z');
    // the journey's own cap replaces the workspace's
    const journey = await checkSend(db.sql, {
      ...base('capped'),
      journeyCap: { maxSends: 5, window: 'P7D' },
    });
    expect(journey).toEqual({ action: 'send' });
    // transactional email is exempt from the cap
    expect(await checkSend(db.sql, { ...base('capped'), category: 'transactional' })).toEqual({
      action: 'send',
    });
  });

  it('skips a fatigued contact (no opens of the last 3 sends) and not one who opened', async () => {
    for (const days of [20, 15, 10]) await w.effect('tired', { daysAgo: days });
    expect(await checkSend(db.sql, base('tired'))).toMatchObject({
      action: 'skip',
      reason: { code: 'fatigue' },
    });
    const keys = [];
    for (const days of [20, 15, 10]) keys.push(await w.effect('keen', { daysAgo: days }));
    await w.event('keen', 'email.opened', 14, { messageKey: keys[1] });
    expect(await checkSend(db.sql, base('keen'))).toEqual({ action: 'send' });
  });

  it('skips marketing after a handoff that stopped marketing', async () => {
    await w.effect('lead', {
      kind: 'handoff',
      state: 'pending',
      payload: { kind: 'handoff', stopMarketing: true },
    });
    expect(await checkSend(db.sql, base('lead'))).toMatchObject({
      action: 'skip',
      reason: { code: 'stop-marketing' },
    });
    await w.effect('lead-2', { kind: 'handoff', payload: { kind: 'handoff', stopMarketing: false } });
    expect(await checkSend(db.sql, base('lead-2'))).toEqual({ action: 'send' });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTrackedMessage, makeTrackingUrls, recordTrackedMessage } from '../deliver/tracking.js';
import { emitEngagementEvent } from '../ingest/engagementEvents.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { engagementByNode } from './engagementStats.js';

describe('engagementByNode', () => {
  let t: TestApp;
  const workflowId = randomUUID();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('counts each message once per kind, per node and version', async () => {
    const { sql, registry } = t.deps;
    const sends = [
      { key: 'm1', nodeId: 'welcome', version: 1 },
      { key: 'm2', nodeId: 'welcome', version: 1 },
      { key: 'm3', nodeId: 'welcome', version: 2 },
      { key: 'm4', nodeId: 'nudge', version: 2 },
    ];
    for (const send of sends) {
      const tracking = await makeTrackingUrls(sql, {
        workspaceId: t.workspaceId,
        contactId: `c-${send.key}`,
        messageKey: send.key,
        publicUrl: 'http://x',
      });
      await recordTrackedMessage(sql, tracking, {
        workflowId,
        version: send.version,
        nodeId: send.nodeId,
        urls: [],
      });
    }
    const emit = async (key: string, type: Parameters<typeof emitEngagementEvent>[3], minute = 0) => {
      const message = await findTrackedMessage(sql, t.workspaceId, key);
      if (!message) throw new Error(key);
      await emitEngagementEvent(
        sql,
        registry,
        message,
        type,
        {},
        { at: new Date(Date.UTC(2026, 5, 1, 10, minute)) },
      );
    };
    await emit('m1', 'email.opened');
    await emit('m1', 'email.opened', 5); // a second open of the same message
    await emit('m1', 'email.clicked');
    await emit('m3', 'email.opened');
    await emit('m3', 'email.replied');
    await emit('m4', 'email.unsubscribed');

    expect(await engagementByNode(sql, t.workspaceId, workflowId)).toEqual([
      { nodeId: 'nudge', tracked: 1, opened: 0, clicked: 0, replied: 0, unsubscribed: 1 },
      { nodeId: 'welcome', tracked: 3, opened: 2, clicked: 1, replied: 1, unsubscribed: 0 },
    ]);
    expect(await engagementByNode(sql, t.workspaceId, workflowId, 1)).toEqual([
      { nodeId: 'welcome', tracked: 2, opened: 1, clicked: 1, replied: 0, unsubscribed: 0 },
    ]);
    const [first] = await sql<
      { openedAt: Date }[]
    >`select opened_at from tracked_messages where message_key = 'm1'`;
    expect(first?.openedAt.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    // another workspace sees nothing
    expect(await engagementByNode(sql, randomUUID(), workflowId)).toEqual([]);
  });
});

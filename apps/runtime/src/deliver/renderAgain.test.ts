import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace } from '../testing/testRows.js';
import { renderAgain } from './renderAgain.js';

describe('renderAgain (rows without what the walk rendered: before migration 080, or resent)', () => {
  let db: TestDatabase;
  let ws: string;
  const workflowId = randomUUID();
  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql);
    await db.sql`insert into contacts (workspace_id, id, attributes)
                 values (${ws}, 'ann', ${db.sql.json({ email: 'ann@example.com', first_name: 'Ann', timezone: 'Europe/Paris' })})`;
    await db.sql`insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
                 values (${ws}, 'ev-1', 'ann', 'plan.viewed', ${db.sql.json({ plan: 'growth' })}, now())`;
    await db.sql`insert into workflows (id, workspace_id, name, draft) values (${workflowId}, ${ws}, 'w', '{}')`;
    const graph = { settings: { frequencyCap: { maxSends: 2, window: 'P1D' } }, nodes: [], edges: [] };
    await db.sql`insert into workflow_versions (workspace_id, workflow_id, version, hash, graph, message, published_by)
                 values (${ws}, ${workflowId}, 3, 'h', ${db.sql.json(graph)}, '', 'test')`;
  });
  afterAll(() => db?.drop());

  const effect = (payload: Record<string, unknown>, contactId = 'ann') => ({
    id: '1',
    workspaceId: ws,
    idempotencyKey: '7:send:1',
    enrollmentId: '7',
    workflowId,
    version: 3,
    nodeId: 'send',
    contactId,
    kind: String(payload.kind),
    payload: { kind: String(payload.kind), ...payload, eventId: 'ev-1' },
  });

  it("renders an email with the contact now, the enrolling event and the version's cap", async () => {
    const email = {
      kind: 'email',
      subject: '{{ contact.first_name }}: {{ event.properties.plan }}',
      reason: 'r',
    };
    expect(await renderAgain(db.sql, effect(email))).toEqual({
      to: 'ann@example.com',
      subject: 'Ann: growth',
      html: '',
      text: '',
      timezone: 'Europe/Paris',
      frequencyCap: { maxSends: 2, window: 'P1D' },
    });
    expect(await renderAgain(db.sql, effect(email, 'nobody'))).toEqual({
      error: 'Contact nobody has no email attribute',
    });
  });

  it("renders a handoff's note with the signals, and carries the contact's email for the CRM", async () => {
    const handoff = {
      kind: 'handoff',
      note: '{{ contact.first_name }} scored {{ signals.score }}',
      signals: { score: 92 },
    };
    expect(await renderAgain(db.sql, effect(handoff))).toEqual({
      note: 'Ann scored 92',
      email: 'ann@example.com',
    });
  });
});

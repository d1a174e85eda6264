import type { FuzzWorld, Schema, Send } from './fuzzValues.js';

/**
 * Real objects for the fuzz to address, made through the API with the instance admin key: a
 * published, active workflow with a test case, a segment, a contact with events, a suppression,
 * one key per role, and a spare key the fuzz may revoke.
 */
export async function fuzzWorld(
  send: Send,
  adminKey: string,
  graph: unknown,
  doc: Schema,
): Promise<FuzzWorld> {
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await send(
      method,
      path,
      { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );
    if (answer.status >= 400)
      throw new Error(`fuzz setup: ${method} ${path} answered ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text || 'null');
  };
  const callers: Record<string, string | null> = { 'instance-admin': adminKey };
  for (const role of ['admin', 'editor', 'publisher', 'auditor', 'ingest']) {
    callers[role] = (await call('POST', '/v1/api-keys', { name: `fuzz-${role}`, role })).key;
  }
  callers['no key'] = null;
  const spare = await call('POST', '/v1/api-keys', { name: 'fuzz-spare', role: 'auditor' });
  const workflow = await call('POST', '/v1/workflows', { name: 'Fuzz', graph });
  await call('POST', `/v1/workflows/${workflow.id}/versions`, { message: 'fuzz' });
  await call('POST', `/v1/workflows/${workflow.id}/activate`, { version: 1 });
  const segment = await call('POST', '/v1/segments', { name: 'fuzz-segment', rule: { '==': [1, 1] } });
  await call('PUT', '/v1/contacts/fuzz-contact', { attributes: { email: 'fuzz@example.com', plan: 'pro' } });
  await call('POST', '/v1/events', {
    contactId: 'fuzz-contact',
    type: 'page.viewed',
    properties: { path: '/pricing' },
  });
  const testCase = await call('POST', `/v1/workflows/${workflow.id}/test-cases`, {
    name: 'fuzz',
    contact: { plan: 'pro' },
    events: [{ after: 0, type: 'page.viewed' }],
    expectedEnd: 'x',
  });
  const suppression = await call('POST', '/v1/suppressions', { email: 'suppressed@example.com' });
  return {
    callers,
    ids: {
      workflows: workflow.id,
      segments: segment.id,
      contacts: 'fuzz-contact',
      contactId: 'fuzz-contact',
      'api-keys': spare.id,
      caseId: testCase.id,
      suppressions: suppression.id,
      version: '1',
      messages: '1',
      handoffs: '1',
    },
    graph,
    doc,
  };
}

import { ROLES, type Role, roleAllows } from '@crossroads/api';
import { fiveStepJourney } from '../../../bench/harness/journeys.js';
import { type InProcessApp, type Operation, operations, startInProcessApp } from '../inProcessApp.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';
import { fillPath } from './fuzzWrites.js';

/** A marker only the foreign workspace's objects carry: it must never appear in our answers. */
const SECRET = 'foreign-secret-7f3a';

type Caller = Role | 'instance-admin' | 'no key';

/** Who may call an operation, from its declared access and src/access/permissions.ts. */
function allowed(op: Operation, caller: Caller): boolean {
  if (op.access === 'public') return true;
  if (caller === 'no key') return false;
  if (op.access === 'any-key') return true;
  if (op.access === 'instance-admin') return caller === 'instance-admin';
  if (caller === 'instance-admin') return roleAllows('admin', op.access as never);
  return roleAllows(caller, op.access as never);
}

/**
 * Every route of /openapi.json × every role (plus the instance admin and no key) of workspace A,
 * addressing workspace B's objects. Expect exactly: 401 without a key; 403 when the role lacks the
 * route's permission; otherwise B's objects answer 404 (contacts, addressed by the caller's own
 * ids, may answer anything but B's data); B's secret marker never appears in an answer; B's
 * objects are intact afterwards.
 */
export async function permissionMatrix(_scale: Scale): Promise<ScenarioResult> {
  const r = new Recorder(
    'Permission matrix',
    'every route of /openapi.json × roles admin, editor, publisher, auditor, ingest, the instance admin and no key, each addressing a foreign workspace’s workflow, version, segment, contact, API key and suppression',
  );
  let api: InProcessApp | undefined;
  try {
    api = await startInProcessApp();
    const foreign = await foreignWorkspace(api);
    const keys: Record<Caller, string | null> = { 'instance-admin': api.adminKey, 'no key': null } as Record<
      Caller,
      string | null
    >;
    for (const role of ROLES) {
      const made = await api.request('POST', '/v1/api-keys', { name: `matrix-${role}`, role });
      if (made.status !== 201) throw new Error(`could not create a ${role} key: ${made.status} ${made.text}`);
      keys[role] = made.body.key;
    }
    const ops = (await operations(api)).filter((op) => op.access !== 'public');
    const undocumented = (await operations(api)).filter((op) => op.access === undefined);
    let cells = 0;
    let validatedFirst = 0;
    const wrong: string[] = [];
    const leaks: string[] = [];
    // Reads first, then writes, so a write (e.g. PUT contact) cannot change what a read finds.
    const ordered = [...ops.filter((o) => o.method === 'GET'), ...ops.filter((o) => o.method !== 'GET')];
    for (const op of ordered) {
      const path = fillPath(op, foreign.ids);
      const foreignParam = /:/.test(op.path);
      const contactScoped = /\/contacts\/:|:contactId/.test(op.path);
      for (const caller of Object.keys(keys) as Caller[]) {
        const answer = await api.request(
          op.method,
          path,
          op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
          keys[caller],
        );
        cells++;
        // A problem's `instance` echoes the requested path (with B's id): that is ours, not a leak.
        const shown =
          typeof answer.body === 'object' && answer.body
            ? JSON.stringify({ ...answer.body, instance: undefined })
            : answer.text;
        if (shown.includes(SECRET) || foreign.values.some((v) => shown.includes(v))) {
          leaks.push(`${caller} ${op.method} ${op.path}: ${answer.status}`);
        }
        const may = allowed(op, caller);
        let ok: boolean;
        let expected: string;
        if (caller === 'no key') [ok, expected] = [answer.status === 401, '401'];
        else if (!may) [ok, expected] = [answer.status === 403, '403'];
        else if (foreignParam && !contactScoped) {
          // 400/422: the request was refused on its own shape before any lookup (tells nothing about B).
          if (answer.status === 400 || answer.status === 422) validatedFirst++;
          [ok, expected] = [[404, 400, 422].includes(answer.status), '404 (or 400/422 before the lookup)'];
        } else
          [ok, expected] = [
            answer.status < 500 && answer.status !== 401 && answer.status !== 403,
            'allowed (not 401/403/5xx)',
          ];
        if (!ok) wrong.push(`${caller} ${op.method} ${op.path}: ${answer.status}, expected ${expected}`);
      }
    }
    const intact = await foreignIntact(api, foreign);
    r.figure('routes checked (all but public)', ops.length);
    r.figure('callers per route', Object.keys(keys).length);
    r.figure('cells (route × caller)', cells);
    r.expect(
      'routes without x-access in /openapi.json (unchecked)',
      undocumented.length,
      (n) => n === 0,
      '0',
    );
    r.figure('foreign-object cells refused by validation before the lookup (400/422)', validatedFirst);
    r.expect('cells not as expected', wrong.length, (n) => n === 0, '0');
    for (const line of wrong.slice(0, 12)) r.fail(line);
    r.expect('answers containing the foreign workspace’s data', leaks.length, (n) => n === 0, '0');
    for (const line of leaks.slice(0, 5)) r.fail(`leak: ${line}`);
    r.expect('foreign workspace’s objects intact afterwards', intact, (v) => v === 'yes', 'yes');
  } catch (error) {
    r.fail(`aborted: ${(error as Error).stack ?? error}`);
  } finally {
    await api?.close();
  }
  return r.done();
}

interface Foreign {
  adminKey: string;
  ids: Record<string, string>;
  /** Values only B has (its ids), which must not appear in A's answers. */
  values: string[];
}

async function foreignWorkspace(api: InProcessApp): Promise<Foreign> {
  const ws = await api.request('POST', '/v1/workspaces', { name: 'Foreign workspace' });
  if (ws.status !== 201) throw new Error(`POST /v1/workspaces: ${ws.status} ${ws.text}`);
  const key = ws.body.adminKey as string;
  const call = async (method: string, path: string, body?: unknown) => {
    const a = await api.request(method, path, body, key);
    if (a.status >= 300) throw new Error(`foreign ${method} ${path}: ${a.status} ${a.text.slice(0, 300)}`);
    return a.body;
  };
  const graph = { ...fiveStepJourney('foreign.start'), name: `Workflow ${SECRET}` };
  const wf = await call('POST', '/v1/workflows', { name: `Workflow ${SECRET}`, graph });
  await call('POST', `/v1/workflows/${wf.id}/versions`, { message: SECRET });
  const seg = await call('POST', '/v1/segments', {
    name: 'foreign_segment',
    description: SECRET,
    rule: { '==': [1, 1] },
  });
  await call('PUT', '/v1/contacts/foreign-contact-9c1', {
    attributes: { email: 'foreign@example.com', note: SECRET },
  });
  const apiKey = await call('POST', '/v1/api-keys', { name: `key ${SECRET}`, role: 'auditor' });
  const suppression = await api.request(
    'POST',
    '/v1/suppressions',
    { contactId: 'foreign-contact-9c1' },
    key,
  );
  const ids: Record<string, string> = {
    workflows: wf.id,
    segments: seg.id,
    contacts: 'foreign-contact-9c1',
    'api-keys': apiKey.id,
    ...(suppression.status < 300 && suppression.body?.id ? { suppressions: suppression.body.id } : {}),
  };
  return { adminKey: key, ids, values: [wf.id, seg.id, apiKey.id].filter(Boolean) };
}

async function foreignIntact(api: InProcessApp, foreign: Foreign): Promise<'yes' | string> {
  const checks = [
    `/v1/workflows/${foreign.ids.workflows}`,
    `/v1/workflows/${foreign.ids.workflows}/versions/1`,
    `/v1/segments/${foreign.ids.segments}`,
    `/v1/contacts/${foreign.ids.contacts}`,
  ];
  for (const path of checks) {
    const a = await api.request('GET', path, undefined, foreign.adminKey);
    if (a.status !== 200) return `no: GET ${path} → ${a.status}`;
  }
  const contact = await api.request(
    'GET',
    `/v1/contacts/${foreign.ids.contacts}`,
    undefined,
    foreign.adminKey,
  );
  if (!contact.text.includes(SECRET)) return 'no: the contact lost its attributes';
  return 'yes';
}

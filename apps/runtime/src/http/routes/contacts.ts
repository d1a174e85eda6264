import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf } from '../../access/audit.js';
import { ContactAttributes, ContactId, upsertContact } from '../../ingest/upsertContact.js';
import { contactTrace, getContact } from '../../operate/contactTrace.js';
import { eraseContact } from '../../operate/erasure.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { badRequest, fromZodError, notFound, readBody } from '../problem.js';

const PutContact = z.strictObject({ attributes: ContactAttributes });
const TraceQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a step id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

function contactParam(id: string | undefined): string {
  const parsed = ContactId.safeParse(id);
  if (!parsed.success)
    throw badRequest('id: a contact id is 1–200 characters', [{ path: 'id', message: 'invalid contact id' }]);
  return parsed.data;
}

/** Contacts: merge upsert, read, erase, and the trace of every step they took. */
export function contactRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.put('/contacts/:id', requirePermission('contact:write'), async (c) => {
    const id = contactParam(c.req.param('id'));
    const body = await readBody(c, PutContact);
    const { sql, registry } = c.var.deps;
    const { contact, enteredSegments } = await upsertContact(
      sql,
      registry,
      c.var.auth.workspaceId,
      id,
      body.attributes,
    );
    return c.json({ ...contact, enteredSegments });
  });

  routes.get('/contacts/:id', requirePermission('contact:read'), async (c) => {
    const contact = await getContact(c.var.deps.sql, c.var.auth.workspaceId, contactParam(c.req.param('id')));
    if (!contact) throw notFound('Contact');
    return c.json(contact);
  });

  routes.delete('/contacts/:id', requirePermission('contact:erase'), async (c) => {
    const id = contactParam(c.req.param('id'));
    const erased = await eraseContact(c.var.deps.sql, c.var.auth.workspaceId, id, actorOf(c.var.auth));
    if (!erased) throw notFound('Contact');
    return c.json({ erased: true, counts: erased.counts });
  });

  routes.get('/contacts/:id/trace', requirePermission('contact:read'), async (c) => {
    const id = contactParam(c.req.param('id'));
    const query = TraceQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const steps = await contactTrace(sql, workspaceId, id, query.data);
    if (steps.length === 0 && !query.data.after && !(await getContact(sql, workspaceId, id)))
      throw notFound('Contact');
    return c.json({ items: steps, next: steps.length === query.data.limit ? steps.at(-1)?.id : null });
  });

  return routes;
}

const tag = { tag: 'Contacts' } as const;
export const contactDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'put',
    path: '/v1/contacts/:id',
    summary: 'Create or update a contact (attributes are merged)',
    description: 'A contact that newly matches a segment an active trigger starts on is enrolled.',
    access: 'contact:write',
    body: PutContact,
    responses: { 200: { description: 'The contact and the segments it just entered' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/contacts/:id',
    summary: 'A contact with its enrollments',
    access: 'contact:read',
    responses: { 200: { description: 'The contact' }, 404: { description: 'Unknown contact' } },
  },
  {
    ...tag,
    method: 'delete',
    path: '/v1/contacts/:id',
    summary: "Erase the contact's personal data everywhere",
    access: 'contact:erase',
    responses: { 200: { description: 'What was erased' }, 404: { description: 'Unknown contact' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/contacts/:id/trace',
    summary: 'Every journey step the contact took, with the decision and why',
    access: 'contact:read',
    query: TraceQuery,
    responses: { 200: { description: 'Steps, oldest first; `next` is the cursor for `after`' } },
  },
];

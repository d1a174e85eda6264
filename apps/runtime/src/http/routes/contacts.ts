import {
  type ContactDetail,
  contactTrace,
  eraseContact,
  getContact,
  putContact,
  searchContacts,
  type TraceStep,
} from '@crossroads/api';
import { formatPath, type LogicRule, validateLogic } from '@crossroads/graph-schema';
import { LOGIC_ROOTS } from '@crossroads/nodes';
import { Hono } from 'hono';
import { actorOf } from '../../access/audit.js';
import { upsertContact } from '../../ingest/upsertContact.js';
import { BadCursor, searchContacts as search, segmentRule } from '../../operate/contactSearch.js';
import * as contacts from '../../operate/contactTrace.js';
import { eraseContact as erase } from '../../operate/erasure.js';
import type { AppEnv } from '../context.js';
import { badRequest, notFound } from '../problem.js';
import { described, serve } from '../serve.js';

/** Contacts: merge upsert, read, erase, and the trace of every step they took. */
export function contactRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, searchContacts, async (c, { query }) => {
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    if (query.nodeId && !query.workflowId)
      throw badRequest('Query parameter nodeId: give workflowId too (a step belongs to a journey)');
    if (query.version && !query.workflowId)
      throw badRequest('Query parameter version: give workflowId too (a version is of a journey)');
    if (query.state && !query.workflowId)
      throw badRequest('Query parameter state: give workflowId too (a state is in a journey)');
    const rules: LogicRule[] = [];
    if (query.segment) {
      const rule = await segmentRule(sql, workspaceId, query.segment);
      if (!rule) throw notFound(`Segment '${query.segment}'`);
      rules.push(rule);
    }
    if (query.filter) {
      const errors = validateLogic(query.filter, { roots: LOGIC_ROOTS }).filter(
        (p) => p.severity === 'error',
      );
      if (errors[0])
        throw badRequest(
          `Query parameter ${formatPath(['filter', ...errors[0].path])}: ${errors[0].message}`,
        );
      rules.push(query.filter as LogicRule);
    }
    try {
      return c.json(await search(sql, workspaceId, { ...query, rules }), 200);
    } catch (error) {
      if (error instanceof BadCursor) throw badRequest(`Query parameter cursor: ${error.message}`);
      throw error;
    }
  });

  serve(routes, putContact, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const { contact, enteredSegments } = await upsertContact(
      sql,
      registry,
      c.var.auth.workspaceId,
      params.id,
      body.attributes,
    );
    return c.json({ ...contact, enteredSegments }, 200);
  });

  serve(routes, getContact, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const contact = await contacts.getContact(sql, registry, c.var.auth.workspaceId, params.id);
    if (!contact) throw notFound('Contact');
    return c.json(described<ContactDetail>(contact), 200);
  });

  serve(routes, eraseContact, async (c, { params }) => {
    const erased = await erase(c.var.deps.sql, c.var.auth.workspaceId, params.id, actorOf(c.var.auth));
    if (!erased) throw notFound('Contact');
    return c.json({ erased: true as const, counts: erased.counts }, 200);
  });

  serve(routes, contactTrace, async (c, { params, query }) => {
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const steps = await contacts.contactTrace(sql, workspaceId, params.id, query);
    if (
      steps.length === 0 &&
      !query.after &&
      !(await contacts.getContact(sql, c.var.deps.registry, workspaceId, params.id))
    )
      throw notFound('Contact');
    return c.json(
      {
        items: described<TraceStep[]>(steps),
        next: steps.length === query.limit ? (steps.at(-1)?.id ?? null) : null,
      },
      200,
    );
  });

  return routes;
}

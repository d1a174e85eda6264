import { dataDictionary } from '@crossroads/api';
import { Hono } from 'hono';
import { dataDictionary as read } from '../../authoring/dataDictionary/dataDictionary.js';
import type { AppEnv } from '../context.js';
import { serve } from '../serve.js';

/** `GET /v1/data-dictionary`: attribute and event property names seen, for rule completion. */
export function dataDictionaryRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, dataDictionary, async (c) => c.json(await read(c.var.deps.sql, c.var.auth.workspaceId), 200));
  return routes;
}

import {
  type SegmentMessage,
  segmentAlias,
  segmentBatch,
  segmentGroup,
  segmentIdentify,
  segmentPage,
  segmentScreen,
  segmentTrack,
} from '@crossroads/api';
import { Hono } from 'hono';
import { applySegmentMessages } from '../../ingest/segmentMessages.js';
import type { AppEnv } from '../context.js';
import { serve } from '../serve.js';

/** Segment's HTTP Tracking API at `/v1/segment/*` (ingest/segmentMessages.ts does the work). */
export function segmentTrackingRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const single = [
    [segmentIdentify, 'identify'],
    [segmentTrack, 'track'],
    [segmentPage, 'page'],
    [segmentScreen, 'screen'],
    [segmentGroup, 'group'],
    [segmentAlias, 'alias'],
  ] as const;
  for (const [route, type] of single) {
    serve(routes, route, async (c, { body }) => {
      const { sql, registry } = c.var.deps;
      const message = { ...body, type } as SegmentMessage;
      await applySegmentMessages(sql, registry, c.var.auth.workspaceId, [message]);
      return c.json({ success: true as const }, 200);
    });
  }
  serve(routes, segmentBatch, async (c, { body }) => {
    const { sql, registry } = c.var.deps;
    await applySegmentMessages(sql, registry, c.var.auth.workspaceId, body.batch, body.sentAt);
    return c.json({ success: true as const }, 200);
  });
  return routes;
}

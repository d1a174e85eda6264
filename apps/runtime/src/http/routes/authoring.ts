import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';

/** Workspaces, API keys, workflows, versions, segments, node types, audit. */
export function authoringRoutes(_v1: Hono<AppEnv>): void {}

import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';

/** Events, contacts and their traces, stats, simulation. */
export function executionRoutes(_v1: Hono<AppEnv>): void {}

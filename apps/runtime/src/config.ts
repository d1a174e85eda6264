import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  CROSSROADS_DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.data')),
  /** The embedded Postgres' port; unset: a free one, recorded in the data folder while it runs. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  CROSSROADS_ADMIN_KEY: z
    .string()
    .min(24, 'must be at least 24 characters (it guards the whole instance)')
    .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, _ and - only')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** A request not answered within this many ms gets 503 + Retry-After (the handler is not cancelled). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(8000),
  /**
   * Units of work the API has in flight at most (a request is 1, plus 1 per 16 KiB of body); more
   * is refused at once with 503 + Retry-After, so accepted requests keep their latency.
   */
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(48),
  /** The same bound for one workspace's requests (by API key), so one tenant cannot take them all. */
  MAX_IN_FLIGHT_PER_WORKSPACE: z.coerce.number().int().min(1).max(10_000).default(32),
  /**
   * Event-loop lateness (ms) past which the API admits less than MAX_IN_FLIGHT (the process is out
   * of CPU; see http/loadLimit.ts); 0 keeps the bound fixed.
   */
  ADMISSION_LAG_MS: z.coerce.number().int().min(0).max(10_000).default(20),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Worker processes `runtime all` (`pnpm start`) runs beside the API; unset: one per core (at most 8). 1 runs
   * API and worker in one process, as `runtime all` did before.
   */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Events, trace steps and stored emails are kept this many days, then dropped by whole weeks
   * (operate/retention.ts; the idempotency of event ids lasts as long). Default: 13 months.
   */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(395),
  CROSSROADS_PACKS: z.string().optional(),
  CROSSROADS_ALLOW_LOOPBACK_URLS: flag,
  CROSSROADS_NO_DEMO_DATA: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EDITOR_DIST: z.string().default(resolve(repoRoot, 'apps/editor/dist')),
  /** When set, GET /metrics requires `Authorization: Bearer <token>` (Prometheus' bearer_token). */
  CROSSROADS_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = z.output<typeof Env> & { publicUrl: string; repoRoot: string };

export class ConfigError extends Error {}

/** Reads configuration from the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = env[name];
      const shown = name.includes('KEY') || name.includes('URL') ? '(value hidden)' : JSON.stringify(value);
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nFix the variables above and start again.`,
    );
  }
  const cfg = parsed.data;
  const publicUrl = (
    cfg.PUBLIC_URL ?? `http://${cfg.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.HOST}:${cfg.PORT}`
  ).replace(/\/$/, '');
  return { ...cfg, publicUrl, repoRoot };
}

import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs (pino). Tests pass level 'silent'. `processLabel` (`api`, `worker-2`) tells
 * apart the lines of the processes `pnpm start` runs, which share one stdout.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', processLabel?: string): Logger {
  return pino({ level, base: { service: 'crossroads', ...(processLabel ? { process: processLabel } : {}) } });
}

import type { Logger } from 'pino';
import { type GuardedFetchResult, guardedFetch } from '../ssrf/guarded-fetch.js';
import type { Resolver } from '../ssrf/guarded-lookup.js';
import { signWebhook } from './sign-webhook.js';

export interface DeliverWebhookInput {
  url: string;
  /** Stable across retries (e.g. the handoff id): receivers deduplicate on it. */
  id: string;
  /** JSON-serializable body, or the exact string to send. */
  payload: unknown;
  secrets: readonly string[];
  /** Development only: allow loopback receivers. Off by default. */
  allowLoopback?: boolean;
  timeoutMs?: number;
  /** Clock for the signature timestamp. */
  now?: () => Date;
  resolve?: Resolver;
  logger?: Logger;
}

export type WebhookOutcome =
  | { status: 'delivered'; httpStatus: number; responseBody: string }
  /** Worth retrying: 5xx, 408, 429, timeouts and network failures. */
  | { status: 'transient'; reason: string; httpStatus?: number }
  /** Retrying the same request will fail again: other 4xx, refused addresses, redirects. */
  | { status: 'permanent'; reason: string; httpStatus?: number };

/**
 * Sends one signed webhook attempt through the SSRF-guarded client and classifies the outcome.
 * Each attempt is signed afresh (new timestamp) under the same `webhook-id`.
 *
 * @example
 * const outcome = await deliverWebhook({ url, id: handoff.id, payload: handoff, secrets: [secret] });
 * if (outcome.status === 'transient') scheduleRetry(webhookRetrySchedule(attempt));
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookOutcome> {
  const body = typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload);
  const headers = signWebhook({
    id: input.id,
    timestamp: (input.now ?? (() => new Date()))(),
    payload: body,
    secrets: input.secrets,
  });
  const result = await guardedFetch(
    input.url,
    {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Crossroads-Webhooks/1' },
      body,
    },
    {
      allowLoopback: input.allowLoopback ?? false,
      timeoutMs: input.timeoutMs ?? 15_000,
      resolve: input.resolve,
      logger: input.logger,
    },
  );
  const outcome = classify(result);
  input.logger?.info({ webhookId: input.id, status: outcome.status }, 'webhook attempt');
  return outcome;
}

function classify(result: GuardedFetchResult): WebhookOutcome {
  switch (result.outcome) {
    case 'response': {
      const { status } = result;
      if (status >= 200 && status < 300)
        return { status: 'delivered', httpStatus: status, responseBody: result.body };
      const reason = `receiver answered HTTP ${status}`;
      if (status >= 500 || status === 408 || status === 429)
        return { status: 'transient', reason, httpStatus: status };
      return { status: 'permanent', reason, httpStatus: status };
    }
    case 'redirect':
      return {
        status: 'permanent',
        reason: `redirect refused (HTTP ${result.status})`,
        httpStatus: result.status,
      };
    case 'blocked':
      return { status: 'permanent', reason: `address refused: ${result.reason}` };
    case 'timeout':
      return { status: 'transient', reason: result.reason };
    case 'network':
      return { status: 'transient', reason: result.reason };
  }
}

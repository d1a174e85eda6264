import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The three Standard Webhooks headers. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignWebhookInput {
  /** Stable message id: the same on every retry, so receivers can deduplicate. */
  id: string;
  /** When this attempt is sent; receivers refuse timestamps more than 5 minutes off. */
  timestamp: Date;
  /** The exact body bytes that will be sent. */
  payload: string;
  /** Active secrets (`whsec_<base64>`), newest first; one signature per secret during rotation. */
  secrets: readonly string[];
}

/**
 * Signs a webhook the Standard Webhooks way: HMAC-SHA256 over `id.timestamp.payload`, one
 * `v1,<base64>` signature per active secret, space-separated, so a receiver holding either the
 * old or the new secret verifies it while a secret is being rotated.
 *
 * @example
 * const headers = signWebhook({ id: 'msg_1', timestamp: new Date(), payload: '{"a":1}', secrets: [newSecret, oldSecret] });
 * // { 'webhook-id': 'msg_1', 'webhook-timestamp': '1767225600', 'webhook-signature': 'v1,K5o... v1,q2W...' }
 */
export function signWebhook(input: SignWebhookInput): WebhookHeaders {
  if (input.secrets.length === 0) throw new Error('signWebhook: secrets must hold at least one secret');
  const signatures = input.secrets.map((secret) =>
    new Webhook(secret).sign(input.id, input.timestamp, input.payload),
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * A new random signing secret in the `whsec_<base64>` form receivers expect.
 *
 * @example
 * generateWebhookSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

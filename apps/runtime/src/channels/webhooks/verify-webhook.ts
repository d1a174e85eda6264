import { Webhook } from 'standardwebhooks';

export interface VerifyWebhookInput {
  payload: string;
  /** Request headers (lower-case names, as Node gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** The receiver's secrets; the message verifies if any signature matches any of them. */
  secrets: readonly string[];
}

export type VerifyWebhookResult = { ok: true; id: string } | { ok: false; reason: string };

/**
 * Verifies a Standard Webhooks signature, as a CRM receiver would (used by tests and by the
 * runtime's own example receiver). Timestamps more than 5 minutes off are refused.
 *
 * @example
 * const result = verifyWebhook({ payload: rawBody, headers: req.headers, secrets: [secret] });
 * if (!result.ok) return res.writeHead(401).end(result.reason);
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const headers = {
    'webhook-id': single(input.headers['webhook-id']),
    'webhook-timestamp': single(input.headers['webhook-timestamp']),
    'webhook-signature': single(input.headers['webhook-signature']),
  };
  let reason = 'no secrets to verify with';
  for (const secret of input.secrets) {
    try {
      new Webhook(secret).verify(input.payload, headers);
      return { ok: true, id: headers['webhook-id'] };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, reason };
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

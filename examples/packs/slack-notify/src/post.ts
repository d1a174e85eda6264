import { type ContactData, defineNode } from '@crossroads/nodes/sdk';
import { z } from 'zod';

/** The host Slack incoming webhooks live on: the only one this node declares. */
export const SLACK_HOST = 'hooks.slack.com';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const PostConfig = z.object({
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .refine((value) => {
      const { hostname, protocol } = new URL(value);
      // Loopback is accepted for local testing; the runtime only lets it through in development.
      return (protocol === 'https:' && hostname === SLACK_HOST) || LOOPBACK.has(hostname);
    }, `must be a Slack incoming webhook URL (https://${SLACK_HOST}/services/…)`)
    .describe('Slack incoming webhook URL (treat it as a secret: anyone with it can post)'),
  text: z.string().min(1).max(3_000).meta({
    description: 'Message; {{contact.email}} and other {{contact.<attribute>}} placeholders are filled in',
    // Several lines of plain text (not Liquid: only the placeholders are filled in).
    'x-editor': 'text',
  }),
});
export type PostConfig = z.infer<typeof PostConfig>;

/**
 * Fills `{{contact.<attribute>}}` placeholders; unknown attributes become empty.
 *
 * @example
 * ```ts
 * fillText('New lead: {{contact.email}}', { id: 'c-1', email: 'ada@example.com' }); // 'New lead: ada@example.com'
 * ```
 */
export function fillText(text: string, contact: ContactData): string {
  return text.replace(/\{\{\s*contact\.([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = Object.hasOwn(contact, name) ? contact[name] : undefined;
    return value === undefined || value === null ? '' : String(value);
  });
}

/**
 * `slack-notify/post`: posts the message to the webhook, then continues. Not idempotent: running
 * it twice posts twice. A non-2xx answer throws, so the step fails and is retried per policy.
 */
export const postNode = defineNode({
  type: 'slack-notify/post',
  version: 1,
  title: 'Post to Slack',
  description: 'Posts a message to a Slack channel through an incoming webhook',
  category: 'Notifications',
  icon: 'message-square',
  color: '#4a154b',
  kind: 'action',
  configSchema: PostConfig,
  defaults: {
    webhookUrl: `https://${SLACK_HOST}/services/T000/B000/XXXX`,
    text: 'New lead: {{contact.email}}',
  },
  outputs: [{ id: 'next', label: 'Next' }],
  summary: (config) => `Slack: ${config.text.slice(0, 60)}`,
  capabilities: { http: { hosts: [SLACK_HOST] } },
  idempotent: false,
  execute: async ({ config, contact }) => {
    const text = fillText(config.text, contact);
    const response = await fetch(config.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) {
      throw new Error(`Slack answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    return {
      next: 'next',
      reason: { summary: 'Posted to Slack', details: { status: response.status, text } },
    };
  },
});

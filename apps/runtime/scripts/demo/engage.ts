import type { DemoClient } from './client.js';

interface MessageEntry {
  id: string;
  workflowId: string;
  nodeId: string;
  message: { to: string; html: string | null; headers: Record<string, unknown> } | null;
}

const PIXEL = /https?:\/\/[^"'\s>]+\/t\/o\/[^"'\s>]+/;
const LINK = /https?:\/\/[^"'\s>]+\/t\/c\/[^"'\s>]+/;
const REPLY_TOKEN = /reply\+([A-Za-z0-9_-]+)@/;

/**
 * A contact engages with the newest email it received the way a mail client would: loading the
 * tracking pixel, following a tracked link, replying to the reply+token address. When the runtime
 * has no tracking (or the message is not rendered yet) the same engagement is sent as an event.
 * Returns how it was recorded, or null when the contact has no email yet.
 */
export async function engage(
  client: DemoClient,
  contactId: string,
  kind: 'open' | 'click' | 'reply',
): Promise<'tracked' | 'event' | null> {
  const { items } = await client.call<{ items: MessageEntry[] }>(
    'GET',
    `/v1/messages?contactId=${encodeURIComponent(contactId)}&limit=5`,
  );
  const entry = items.find((m) => m.message);
  if (!entry?.message) return null;
  const html = entry.message.html ?? '';
  try {
    if (kind === 'open') {
      const url = PIXEL.exec(html)?.[0];
      if (url && (await client.visit(url.replace(/&amp;/g, '&'))) < 400) return 'tracked';
    }
    if (kind === 'click') {
      const url = LINK.exec(html)?.[0];
      if (url && (await client.visit(url.replace(/&amp;/g, '&'))) < 400) return 'tracked';
    }
    if (kind === 'reply') {
      const token = REPLY_TOKEN.exec(JSON.stringify(entry.message.headers))?.[1];
      if (token) {
        await client.call('POST', '/v1/inbound/reply', {
          token,
          from: entry.message.to,
          text: 'Thanks, this looks interesting. Could we talk next week?',
        });
        return 'tracked';
      }
    }
  } catch {
    // Fall through to a plain event.
  }
  const type = { open: 'email.opened', click: 'email.clicked', reply: 'email.replied' }[kind];
  await client.call('POST', '/v1/events', {
    contactId,
    type,
    properties: { workflowId: entry.workflowId, nodeId: entry.nodeId, messageKey: `ledger-${entry.id}` },
  });
  return 'event';
}

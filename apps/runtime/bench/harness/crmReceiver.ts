import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateWebhookSecret, verifyWebhook } from '../../src/channels/index.js';

export type CrmMode = 'ok' | 'error' | 'stall';

export interface CrmReceiver {
  url: string;
  /** The Standard Webhooks secret (`whsec_...`) the runtime signs with. */
  secret: string;
  /** Verified deliveries per webhook-id (a count above 1 is a duplicate handoff). */
  byWebhookId: Map<string, number>;
  counts(): { received: number; unique: number; duplicates: number; badSignatures: number; failed: number };
  /** 'ok' answers 204; 'error' answers 500; 'stall' holds the request without answering. */
  setMode(mode: CrmMode): void;
  close(): Promise<void>;
}

/**
 * A CRM webhook endpoint on loopback: verifies each request's Standard Webhooks signature and
 * counts webhook-ids. Bad signatures get 401 and are counted (they should be 0).
 *
 * @example
 * const crm = await startCrmReceiver();
 * crm.setMode('error'); // CRM down: 500s
 */
export async function startCrmReceiver(): Promise<CrmReceiver> {
  const secret = generateWebhookSecret();
  const byWebhookId = new Map<string, number>();
  let mode: CrmMode = 'ok';
  let received = 0;
  let badSignatures = 0;
  let failed = 0;
  const stalled = new Set<ServerResponse>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode === 'stall') {
      stalled.add(res);
      res.once('close', () => stalled.delete(res));
      return;
    }
    if (mode === 'error') {
      failed++;
      res.writeHead(500).end('CRM is down');
      return;
    }
    const result = verifyWebhook({
      payload: Buffer.concat(chunks).toString('utf8'),
      headers: req.headers,
      secrets: [secret],
    });
    if (!result.ok) {
      badSignatures++;
      res.writeHead(401).end(result.reason);
      return;
    }
    received++;
    byWebhookId.set(result.id, (byWebhookId.get(result.id) ?? 0) + 1);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/crm`,
    secret,
    byWebhookId,
    counts() {
      let duplicates = 0;
      for (const n of byWebhookId.values()) duplicates += n - 1;
      return { received, unique: byWebhookId.size, duplicates, badSignatures, failed };
    },
    setMode(next) {
      mode = next;
      if (next !== 'stall') for (const res of stalled) res.destroy();
    },
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

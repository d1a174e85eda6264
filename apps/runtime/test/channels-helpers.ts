import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CaughtMessage, startSmtpCatcher, verifyWebhook } from '../src/channels/index.js';
import { createLogger } from '../src/logger.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { type RunningWorker, startWorker, type WorkerOptions } from '../src/worker/worker.js';

/** A test app with an in-process worker whose retries are fast (milliseconds, not minutes). */
export async function createChannelsApp(
  env: Record<string, string> = {},
  options: WorkerOptions = {},
): Promise<TestApp & { worker: RunningWorker }> {
  const t = await createTestApp({ env: { SMTP_CATCHER_PORT: '0', WORKER_CONCURRENCY: '4', ...env } });
  if (process.env.TEST_LOG) t.deps.logger = createLogger(process.env.TEST_LOG);
  const worker = await startWorker(t.deps, {
    sweepEveryMs: 1000,
    emailRetry: { baseMs: 100, capMs: 400 },
    webhookRetryScale: 0.002,
    // Retries are scheduled for later: look for them often.
    pollIntervalMs: 50,
    ...options,
  });
  return {
    ...t,
    worker,
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}

/**
 * A channels app sending to `smtp` as Example (hello@example.com) with every guardrail off: the
 * setting most email tests start from.
 */
export async function createSendingApp(smtp: MailReceiver): Promise<TestApp & { worker: RunningWorker }> {
  const t = await createChannelsApp({ SMTP_URL: smtp.url });
  const settings = await t.call('PUT', '/v1/settings/channels', {
    sender: { fromName: 'Example', fromEmail: 'hello@example.com', postalAddress: 'Example Inc., 1 Main St' },
    guardrails: { frequencyCap: null, quietHours: null, fatigue: null },
  });
  if (settings.status !== 200) throw new Error(`channel settings refused: ${JSON.stringify(settings.body)}`);
  return t;
}

export interface MailReceiver {
  url: string;
  messages: CaughtMessage[];
  /** How many times each Message-ID arrived. */
  byMessageId(): Map<string, number>;
  /** Messages to one address. */
  to(address: string): CaughtMessage[];
  /** While on, every message gets `451` (transient: the sender keeps it and retries). */
  refuse(on: boolean): void;
  refused: number;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server via the channels' catcher) that keeps what it gets. */
export async function startMailReceiver(): Promise<MailReceiver> {
  const messages: CaughtMessage[] = [];
  let refusing = false;
  const receiver = {
    url: '',
    messages,
    refused: 0,
    byMessageId() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    to: (address: string) => messages.filter((m) => m.to.includes(address)),
    refuse(on: boolean) {
      refusing = on;
    },
    close: async () => {},
  };
  const catcher = await startSmtpCatcher({
    port: 0,
    onMessage(message) {
      if (refusing) {
        receiver.refused++;
        throw new Error('refusing for the test');
      }
      messages.push(message);
    },
  });
  receiver.url = catcher.url;
  receiver.close = () => catcher.close();
  return receiver;
}

export type CrmMode = 'ok' | 'error' | 'reject';

export interface CrmRequest {
  webhookId: string | undefined;
  status: number;
  verified: boolean;
  body: unknown;
}

export interface CrmReceiver {
  url: string;
  requests: CrmRequest[];
  /** Answered 2xx with a verified signature, by webhook-id. */
  delivered(): Map<string, number>;
  /** ok: 204 after verifying the signature; error: 500; reject: 400 (a permanent refusal). */
  setMode(mode: CrmMode): void;
  close(): Promise<void>;
}

/** A CRM webhook endpoint on loopback that checks Standard Webhooks signatures against `secrets`. */
export async function startCrmReceiver(secrets: () => string[]): Promise<CrmReceiver> {
  const requests: CrmRequest[] = [];
  let mode: CrmMode = 'ok';
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = Buffer.concat(chunks).toString('utf8');
    const check = verifyWebhook({ payload, headers: req.headers, secrets: secrets() });
    const status = mode === 'error' ? 500 : mode === 'reject' ? 400 : check.ok ? 204 : 401;
    requests.push({
      webhookId: req.headers['webhook-id'] as string | undefined,
      status,
      verified: check.ok,
      body: JSON.parse(payload),
    });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crm/handoffs`,
    requests,
    delivered() {
      const counts = new Map<string, number>();
      for (const r of requests)
        if (r.status < 300 && r.verified && r.webhookId)
          counts.set(r.webhookId, (counts.get(r.webhookId) ?? 0) + 1);
      return counts;
    },
    setMode(next) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A send node's config with a link, a reason line and the given subject. */
export function sendConfig(subject: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    html: `<p>Hi {{ contact.first_name }}, read <a href="https://docs.example.com/start">the guide</a>.</p>`,
    text: 'Hi {{ contact.first_name }}, read the guide: https://docs.example.com/start',
    reason: 'You signed up for a trial at example.com.',
    category: 'marketing',
    ...extra,
  };
}

type NodeSpec = { id: string; type: string; config: Record<string, unknown> };

/** A linear journey: trigger on `event`, then `nodes` in order (each leaves through `outputs[i]` or 'next'). */
export function linearJourney(name: string, event: string, nodes: NodeSpec[], outputs: string[] = []) {
  const all: NodeSpec[] = [{ id: 'start', type: 'trigger', config: { on: 'event', event } }, ...nodes];
  return {
    schemaVersion: 1,
    id: name,
    name,
    settings: { reentry: 'always' },
    nodes: all.map((node, i) => ({ ...node, version: 1, position: { x: i * 250, y: 0 } })),
    edges: all.slice(1).map((node, i) => ({
      id: `e${i}`,
      source: all[i]?.id,
      sourceHandle: outputs[i] ?? 'next',
      target: node.id,
    })),
  };
}

/** The path and query of an absolute URL the runtime made (the test app answers paths). */
export const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** The URLs in an HTML body. */
export const hrefs = (html: string) =>
  [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string);

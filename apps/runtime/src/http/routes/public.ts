import { clickRedirect, openPixel, unsubscribe, unsubscribePage } from '@crossroads/api';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { resolveClick, resolveOpen } from '../../deliver/tracking.js';
import { emitEngagementEvent } from '../../ingest/engagementEvents.js';
import { readUnsubscribeToken, unsubscribeByToken } from '../../ingest/unsubscribe.js';
import type { AppEnv } from '../context.js';
import { serve } from '../serve.js';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const NO_STORE = { 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer' };
const PAGE_HEADERS = {
  ...NO_STORE,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'x-robots-tag': 'noindex',
  'x-frame-options': 'DENY',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(c: Context, status: 200 | 404, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return c.body(html, status, PAGE_HEADERS);
}

const notValid = (c: Context) =>
  page(c, 404, 'Link not valid', '<p>This link is not valid. It may have been copied incompletely.</p>');

/** Logs instead of failing: a tracking hiccup must not break the reader's click or image. */
async function bestEffort(c: Context<AppEnv>, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    c.var.deps.logger.warn({ err: error, what }, 'recording engagement failed');
  }
}

/**
 * Unauthenticated endpoints that emails link to: the open pixel, the click redirect and the
 * unsubscribe page with its RFC 8058 one-click POST. Tokens are signed; anything forged, altered
 * or unknown answers 404, and the redirect goes only to a URL stored with the message.
 */
export function publicRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, openPixel, async (c, { params }) => {
    const { file } = params;
    if (!file.endsWith('.gif')) return notValid(c);
    const { sql, registry } = c.var.deps;
    const message = await resolveOpen(sql, file.slice(0, -'.gif'.length));
    if (!message) return c.body(null, 404, NO_STORE);
    await bestEffort(c, 'open', () => emitEngagementEvent(sql, registry, message, 'email.opened'));
    return c.body(PIXEL, 200, { ...NO_STORE, 'content-type': 'image/gif' });
  });

  serve(routes, clickRedirect, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const click = await resolveClick(sql, params.token);
    if (!click) return notValid(c);
    await bestEffort(c, 'click', () =>
      emitEngagementEvent(
        sql,
        registry,
        click.message,
        'email.clicked',
        { url: click.url, idx: click.idx },
        {
          discriminator: String(click.idx),
        },
      ),
    );
    return c.body(null, 302, { ...NO_STORE, location: click.url });
  });

  serve(routes, unsubscribePage, async (c, { params }) => {
    const claims = await readUnsubscribeToken(c.var.deps.sql, params.token);
    if (!claims) return notValid(c);
    return page(
      c,
      200,
      'Unsubscribe',
      `<p>Stop receiving these emails?</p><form method="post"><input type="hidden" name="confirm" value="page"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  // RFC 8058: mailbox providers POST `List-Unsubscribe=One-Click`; our confirm page posts `confirm=page`.
  // Any POST with a genuine token unsubscribes (the token is the authority), and repeating it is harmless.
  routes.post('/u/:token', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.body(null, 413) }));
  serve(routes, unsubscribe, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const type = c.req.header('content-type') ?? '';
    const form = /form/i.test(type) ? await c.req.parseBody().catch(() => ({})) : {};
    const source = (form as Record<string, unknown>).confirm === 'page' ? 'unsubscribe-page' : 'one-click';
    const result = await unsubscribeByToken(sql, registry, params.token, source);
    if (!result) return notValid(c);
    return page(c, 200, 'You are unsubscribed', '<p>You will not receive these emails any more.</p>');
  });

  return routes;
}

import { z } from 'zod';
import { SafeString } from './primitives.js';
import { defineRoute } from './route.js';

/** A signed token from an email link; anything forged, altered or unknown answers 404. */
const Token = SafeString.max(2048);
const tag = 'Tracking';

export const openPixel = defineRoute({
  method: 'get',
  path: '/t/o/{file}',
  tag,
  access: 'public',
  summary: 'Open pixel (`file` is `<token>.gif`): records email.opened',
  params: z.object({ file: Token }),
  responses: {
    200: { description: '1x1 GIF', media: ['image/gif'] },
    404: { description: 'Not a genuine token', media: ['text/html'] },
  },
});

export const clickRedirect = defineRoute({
  method: 'get',
  path: '/t/c/{token}',
  tag,
  access: 'public',
  summary: 'Click redirect to a link stored with the message: records email.clicked',
  params: z.object({ token: Token }),
  responses: {
    302: { description: 'To the original URL' },
    404: { description: 'Not a genuine token or link', media: ['text/html'] },
  },
});

export const unsubscribePage = defineRoute({
  method: 'get',
  path: '/u/{token}',
  tag,
  access: 'public',
  summary: 'Unsubscribe confirmation page',
  params: z.object({ token: Token }),
  responses: {
    200: { description: 'HTML page with a confirm button', media: ['text/html'] },
    404: { description: 'Not a genuine token', media: ['text/html'] },
  },
});

export const unsubscribe = defineRoute({
  method: 'post',
  path: '/u/{token}',
  tag,
  access: 'public',
  summary: 'RFC 8058 one-click unsubscribe (idempotent)',
  description:
    'Mailbox providers post `List-Unsubscribe=One-Click`; the confirmation page posts `confirm=page`.',
  params: z.object({ token: Token }),
  responses: {
    200: { description: 'Unsubscribed', media: ['text/html'] },
    404: { description: 'Not a genuine token', media: ['text/html'] },
  },
});

export const trackingRoutes = [openPixel, clickRedirect, unsubscribePage, unsubscribe] as const;

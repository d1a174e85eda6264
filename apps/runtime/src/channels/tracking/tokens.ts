import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What a tracking token stands for. `o`: the open pixel of a message; `c`: link `idx` of a
 * message; `u`: unsubscribing a contact (self-contained, so it works even without the message row).
 */
export type TrackingClaims =
  | { kind: 'o'; workspaceId: string; messageKey: string }
  | { kind: 'c'; workspaceId: string; messageKey: string; idx: number }
  | { kind: 'u'; workspaceId: string; contactId: string; messageKey: string | null };

const Claims = z.union([
  z.tuple([z.literal('o'), z.string(), z.string()]),
  z.tuple([z.literal('c'), z.string(), z.string(), z.number().int().min(0)]),
  z.tuple([z.literal('u'), z.string(), z.string(), z.string().nullable()]),
]);

/** Domain separation: these MACs can never be confused with another use of the same secret. */
const CONTEXT = 'crossroads-tracking-v1\n';
/** 128-bit tags: unguessable, and short enough for links. */
const TAG_BYTES = 16;
export const MAX_TOKEN_LENGTH = 2048;

function tag(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(payload).digest().subarray(0, TAG_BYTES);
}

function toTuple(claims: TrackingClaims): unknown[] {
  switch (claims.kind) {
    case 'o':
      return ['o', claims.workspaceId, claims.messageKey];
    case 'c':
      return ['c', claims.workspaceId, claims.messageKey, claims.idx];
    case 'u':
      return ['u', claims.workspaceId, claims.contactId, claims.messageKey];
  }
}

/**
 * Signs claims into a URL-safe token `<payload>.<tag>` (base64url; HMAC-SHA256, 128-bit tag).
 *
 * @example
 * ```ts
 * const token = signTrackingToken(secret, { kind: 'c', workspaceId, messageKey: '42', idx: 0 });
 * verifyTrackingToken(secret, token); // { kind: 'c', workspaceId, messageKey: '42', idx: 0 }
 * ```
 */
export function signTrackingToken(secret: Uint8Array, claims: TrackingClaims): string {
  const payload = Buffer.from(JSON.stringify(toTuple(claims))).toString('base64url');
  return `${payload}.${tag(secret, payload).toString('base64url')}`;
}

/** The claims of a genuine token, or null for anything forged, altered, truncated or malformed. */
export function verifyTrackingToken(secret: Uint8Array, token: string): TrackingClaims | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload = '', given = ''] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(given)) return null;
  const expected = tag(secret, payload);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Claims.safeParse(raw);
  if (!parsed.success) return null;
  const t = parsed.data;
  if (t[0] === 'o') return { kind: 'o', workspaceId: t[1], messageKey: t[2] };
  if (t[0] === 'c') return { kind: 'c', workspaceId: t[1], messageKey: t[2], idx: t[3] };
  return { kind: 'u', workspaceId: t[1], contactId: t[2], messageKey: t[3] };
}

/**
 * The short token of a message's reply address (`reply+<token>@host`): 20 base64url characters,
 * so the local part stays far below the 64 characters SMTP allows. It is looked up, not decoded.
 */
export function replyTokenFor(secret: Uint8Array, workspaceId: string, messageKey: string): string {
  return createHmac('sha256', secret)
    .update('crossroads-reply-v1\n')
    .update(JSON.stringify([workspaceId, messageKey]))
    .digest()
    .subarray(0, 15)
    .toString('base64url');
}

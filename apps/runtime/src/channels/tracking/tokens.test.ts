import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replyTokenFor, signTrackingToken, type TrackingClaims, verifyTrackingToken } from './tokens.js';

const secret = randomBytes(32);
const ws = '0b7a4c1e-4a52-4f4e-9b7f-0f3f1b1f9c11';

describe('tracking tokens', () => {
  const samples: TrackingClaims[] = [
    { kind: 'o', workspaceId: ws, messageKey: '42' },
    { kind: 'c', workspaceId: ws, messageKey: '42', idx: 3 },
    { kind: 'u', workspaceId: ws, contactId: 'ann@example.com', messageKey: null },
  ];

  it('round-trips every kind and is URL-safe', () => {
    for (const claims of samples) {
      const token = signTrackingToken(secret, claims);
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
      expect(verifyTrackingToken(secret, token)).toEqual(claims);
    }
  });

  it('refuses a token signed with another secret', () => {
    const token = signTrackingToken(randomBytes(32), samples[1] as TrackingClaims);
    expect(verifyTrackingToken(secret, token)).toBeNull();
  });

  it('refuses a token whose payload was swapped (another link index) while keeping the tag', () => {
    const genuine = signTrackingToken(secret, { kind: 'c', workspaceId: ws, messageKey: '42', idx: 0 });
    const other = signTrackingToken(secret, { kind: 'c', workspaceId: ws, messageKey: '42', idx: 1 });
    const forged = `${other.split('.')[0]}.${genuine.split('.')[1]}`;
    expect(verifyTrackingToken(secret, forged)).toBeNull();
  });

  it('property: any single-character change makes a token invalid', () => {
    const token = signTrackingToken(secret, samples[1] as TrackingClaims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, char) => {
        fc.pre(token[at] !== char);
        const altered = token.slice(0, at) + char + token.slice(at + 1);
        // base64url's last character may carry unused bits: a different text can decode to the same bytes
        const sameBytes =
          altered.split('.').length === 2 &&
          altered
            .split('.')
            .every((part, i) =>
              Buffer.from(part, 'base64url').equals(Buffer.from(token.split('.')[i] ?? '', 'base64url')),
            );
        expect(verifyTrackingToken(secret, altered) === null || sameBytes).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(5000), '%%%.###', 'eyJ9.AAAA', '\u0000.\u0000']) {
      expect(verifyTrackingToken(secret, junk)).toBeNull();
    }
  });

  it('reply tokens are short, stable and per message', () => {
    const a = replyTokenFor(secret, ws, '42');
    expect(a).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(replyTokenFor(secret, ws, '42')).toBe(a);
    expect(replyTokenFor(secret, ws, '43')).not.toBe(a);
  });
});

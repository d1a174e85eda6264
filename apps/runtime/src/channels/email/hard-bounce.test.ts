import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from './deliver.js';
import { isHardBounce } from './hard-bounce.js';

const permanent = (responseCode: number | undefined, reason: string): DeliveryOutcome =>
  responseCode === undefined
    ? { status: 'permanent', messageId: '<m>', reason }
    : { status: 'permanent', messageId: '<m>', reason, responseCode };

describe('isHardBounce', () => {
  it.each([
    [550, '550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown', true],
    [550, '550-5.1.1 The email account that you tried to reach does not exist', true],
    [553, '553 5.1.3 Invalid address', true],
    [550, '550 5.2.1 Mailbox disabled', true],
    [550, '550 Requested action not taken: mailbox unavailable', true],
    [551, '551 User not local', true],
    [550, '550 5.7.1 Message rejected as spam', false],
    [552, '552 5.2.2 Mailbox full', false],
    [554, '554 Transaction failed', false],
    [535, '535 5.7.8 Authentication credentials invalid', false],
    [undefined, 'Invalid login', false],
  ])('%s %s → %s', (code, reason, expected) => {
    expect(isHardBounce(permanent(code, reason))).toBe(expected);
  });

  it('is never true for transient, ambiguous or sent outcomes', () => {
    expect(
      isHardBounce({ status: 'transient', messageId: '<m>', reason: '450 5.1.1 later', responseCode: 450 }),
    ).toBe(false);
    expect(isHardBounce({ status: 'ambiguous', messageId: '<m>', reason: 'socket closed' })).toBe(false);
  });
});

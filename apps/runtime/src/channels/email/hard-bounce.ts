import type { DeliveryOutcome } from './deliver.js';

// RFC 3463 enhanced status codes about the address itself: 5.1.x bad destination (unknown user,
// bad domain...), 5.2.1 mailbox disabled. 5.7.x (policy, spam) and 5.2.2 (mailbox full) are not.
const ADDRESS_STATUS = /\b5\.(1\.\d{1,3}|2\.1)\b/;
const ANY_STATUS = /\b[245]\.\d{1,3}\.\d{1,3}\b/;
// Without an enhanced code: 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed.
const ADDRESS_REPLY_CODES = new Set([550, 551, 553]);

/**
 * Whether a failed delivery says the address itself is bad (a hard bounce), so the address should
 * be suppressed with reason `bounced`. Policy and content refusals (5.7.x) and full mailboxes are
 * not hard bounces: suppressing on those would silence good addresses.
 *
 * @example
 * ```ts
 * isHardBounce({ status: 'permanent', messageId: '<m>', responseCode: 550, reason: '550 5.1.1 User unknown' }); // true
 * isHardBounce({ status: 'permanent', messageId: '<m>', responseCode: 550, reason: '550 5.7.1 Rejected as spam' }); // false
 * ```
 */
export function isHardBounce(outcome: DeliveryOutcome): boolean {
  if (outcome.status !== 'permanent' || outcome.responseCode === undefined) return false;
  if (ANY_STATUS.test(outcome.reason)) return ADDRESS_STATUS.test(outcome.reason);
  return ADDRESS_REPLY_CODES.has(outcome.responseCode);
}

import type { Enrollment } from '@crossroads/api';

type Retrying = NonNullable<Enrollment['retrying']>;
type RetryOption = NonNullable<Enrollment['retry']>;

/** A clock time with seconds: retries are seconds apart. */
const clock = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'medium' });

/**
 * What the contact page says about a step the runtime is retrying, in the step's own name.
 *
 * @example
 * ```ts
 * retryingWords(retrying, 'Sync to billing'); // '“Sync to billing” is being retried: attempt 3 of 6, next at 12:04:10. Last error: Billing answered 503'
 * ```
 */
export function retryingWords(retrying: Retrying, step: string): string {
  const error = retrying.error.length > 300 ? `${retrying.error.slice(0, 300)}…` : retrying.error;
  return `“${step}” is being retried: attempt ${retrying.attempt} of ${retrying.of}, next at ${clock(retrying.nextAt)}. Last error: ${error}`;
}

/** The retry button's label: what it will do, in plain words. */
export function retryLabel(option: RetryOption): string {
  if (option.kind === 'delivery') return 'Send again';
  if (option.kind === 'now') return 'Retry now';
  return 'Retry this step';
}

/** Handoff states in the words sales ops use, with what each means (the API's names as keys). */
export const HANDOFF_STATES = {
  pending: { label: 'Sending', hint: 'On its way to the CRM (retried on failure)' },
  sent: { label: 'In the CRM', hint: 'The CRM accepted it' },
  'delivered-to-ledger': {
    label: 'Recorded',
    hint: 'No CRM is connected: recorded here for sales to pick up',
  },
  dead: { label: 'Failed', hint: 'The CRM refused it or stayed unreachable; retry once it is fixed' },
  failed: { label: 'Cancelled', hint: 'Cancelled, e.g. because the contact was erased' },
} as const;
export type HandoffState = keyof typeof HANDOFF_STATES;

/** A state's label; unknown states (a newer runtime) as they are. */
export const handoffStateLabel = (state: string) =>
  (HANDOFF_STATES as Record<string, { label: string }>)[state]?.label ?? state;

/** Only a handoff that gave up can be retried (the runtime retries the others by itself). */
export const canRetry = (state: string) => state === 'dead';

/** Who a handoff went (or goes) to: the owner delivery resolved, else the node's fixed owner or pool. */
export function handoffOwner(entry: {
  delivery: Record<string, unknown> | null;
  assignment?: Record<string, unknown> | undefined;
}): string {
  const delivered = entry.delivery?.owner;
  if (typeof delivered === 'string' && delivered) return delivered;
  const assigned = entry.assignment?.owner;
  if (typeof assigned === 'string' && assigned) return assigned;
  const pool = entry.assignment?.roundRobin;
  if (Array.isArray(pool)) return `Round robin (${pool.length})`;
  return 'Unassigned';
}

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Where a contact falls in [0, 1) for a purpose: the first 48 bits of SHA-256 over the parts
 * joined by NUL. Pure and the same in the runtime, the simulator and the browser, so a contact
 * re-entering lands on the same side of a rollout, control hold-out or split every time.
 * SHA-256 (@noble/hashes, already used for version hashes) rather than a hand-rolled hash: its
 * output is uniform, so a 5% share holds 5% of contacts whatever their ids look like.
 *
 * @example
 * ```ts
 * assignmentBucket(['rollout', workspaceId, workflowId, contactId]); // 0.7316… every time
 * ```
 */
export function assignmentBucket(parts: readonly string[]): number {
  const digest = sha256(utf8ToBytes(parts.join('\u0000')));
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + (digest[i] ?? 0);
  return value / 2 ** 48;
}

/** Whether a contact falls in a share given in percent (0–100) for the parts' purpose. */
export function inShare(parts: readonly string[], percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  return assignmentBucket(parts) * 100 < percent;
}

/** A journey's share of new enrolments going to a newer version (the rest stay on the active one). */
export interface RolloutShare {
  version: number;
  /** 0–100. */
  percent: number;
}

/** Which version a new enrolment runs: the rollout's when the contact falls in its share. */
export function rolloutSide(
  workspaceId: string,
  workflowId: string,
  contactId: string,
  rollout: RolloutShare | undefined,
): 'rollout' | 'base' {
  if (!rollout) return 'base';
  return inShare(['rollout', workspaceId, workflowId, contactId], rollout.percent) ? 'rollout' : 'base';
}

/**
 * Whether a contact is held out in the journey's control group. Independent of the rollout side
 * (another hash), so each side has its own control contacts in the same proportion.
 */
export function inControlGroup(
  workspaceId: string,
  workflowId: string,
  contactId: string,
  controlPercent: number | undefined,
): boolean {
  return inShare(['control', workspaceId, workflowId, contactId], controlPercent ?? 0);
}

/**
 * The arm of a split step a contact takes: deterministic per (workflow, node, contact), weighted.
 * Returns the index of the arm.
 */
export function splitArm(
  workflowId: string,
  nodeId: string,
  contactId: string,
  weights: readonly number[],
): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const point = assignmentBucket(['split', workflowId, nodeId, contactId]) * total;
  let upTo = 0;
  for (let i = 0; i < weights.length; i++) {
    upTo += weights[i] ?? 0;
    if (point < upTo) return i;
  }
  return weights.length - 1;
}

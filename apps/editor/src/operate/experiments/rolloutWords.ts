import type { RolloutReport, RolloutSettings } from '@crossroads/api';

const share = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, '')}%`;

/**
 * Which version a new contact gets, in one sentence: the rollout's share first, then the live
 * version, then the control group (held out of both sides).
 *
 * @example
 * whoGetsWhat({ activeVersion: 2, rolloutVersion: 3, rolloutPercent: 5, controlPercent: 0 })
 * // 'New contacts: 5% get v3, the other 95% get v2.'
 */
export function whoGetsWhat(s: RolloutSettings, status: 'draft' | 'active' | 'paused'): string {
  if (s.activeVersion === null || status === 'draft') return 'Nobody enters yet: no version is live.';
  if (status === 'paused') return 'Nobody enters while the journey is paused.';
  const sides =
    s.rolloutVersion !== null && s.rolloutPercent > 0
      ? `${share(s.rolloutPercent)} get v${s.rolloutVersion}, the other ${share(100 - s.rolloutPercent)} get v${s.activeVersion}`
      : `all get v${s.activeVersion}`;
  const held =
    s.controlPercent > 0
      ? ` ${share(s.controlPercent)} of them are held out as a control group: recorded, sent nothing, followed for the goal.`
      : '';
  return `New contacts: ${sides}.${held}`;
}

/** The sentence a rollout change means, for the dialog's preview and its default reason. */
export function rolloutChange(version: number, percent: number, live: number): string {
  if (percent >= 100) return `v${version} for everyone: it becomes the live version.`;
  if (percent <= 0) return `Nobody new on v${version}: everyone new gets v${live}.`;
  return `v${version} for ${share(percent)} of new enrolments, the rest on v${live}.`;
}

/** The next step up from a share (5 → 10 → 25 → 50 → 100), what "Raise" offers first. */
export function nextStep(current: number): number {
  return [5, 10, 25, 50, 100].find((s) => s > current) ?? 100;
}

/** The report's side for a version, if it has one. */
export const sideOf = (report: RolloutReport | null, version: number) =>
  report?.sides.find((s) => s.version === version) ?? null;

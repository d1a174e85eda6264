import type { ActivationEvent, PinnedSegment, VersionSummary } from '@crossroads/api';
import { formatWhen } from '../../ui/formatWhen.js';

const VERB: Record<ActivationEvent['kind'], string> = {
  activated: 'Activated',
  'rolled-back': 'Rolled back to',
  resumed: 'Resumed',
  paused: 'Paused',
  replaced: 'Replaced',
};

/**
 * One step of a version's life as a line people read: who, when, what it replaced and why.
 *
 * @example
 * historyLine({ kind: 'replaced', by: 'Ana (publisher)', otherVersion: 3, reason: null, … })
 * // 'Replaced by v3 · Ana (publisher) · Mar 2, 2026, 10:00 AM'
 */
export function historyLine(event: ActivationEvent, when: (iso: string) => string = formatWhen): string {
  const what =
    event.kind === 'replaced'
      ? `Replaced by v${event.otherVersion}`
      : event.otherVersion !== null && (event.kind === 'activated' || event.kind === 'rolled-back')
        ? `${VERB[event.kind]}${event.kind === 'rolled-back' ? ' this version' : ''}, replacing v${event.otherVersion}`
        : VERB[event.kind];
  const reason = event.reason ? `: “${event.reason}”` : '';
  return `${what} · ${event.by} · ${when(event.at)}${reason}`;
}

/** Segments this version runs with that have newer revisions: "uses segment X rev 3; rev 4 exists". */
export function staleSegments(segments: readonly PinnedSegment[]): PinnedSegment[] {
  return segments.filter((s) => s.latestRevision > s.revision);
}

/** "uses segment 'hot-leads' rev 3; rev 4 exists". */
export function segmentLine(segment: PinnedSegment): string {
  const newer = segment.latestRevision > segment.revision ? `; rev ${segment.latestRevision} exists` : '';
  return `uses segment '${segment.name}' rev ${segment.revision}${newer}`;
}

/** The version that is live (active, not paused), if any. */
export function liveVersion(
  versions: readonly VersionSummary[],
  workflow: { status: string; activeVersion: number | null },
): VersionSummary | null {
  if (workflow.status !== 'active' || workflow.activeVersion === null) return null;
  return versions.find((v) => v.version === workflow.activeVersion) ?? null;
}

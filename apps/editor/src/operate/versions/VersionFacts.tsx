import type { VersionSummary } from '@crossroads/api';
import { useState } from 'react';
import { formatWhen } from '../../ui/formatWhen.js';
import { VersionContacts } from './VersionContacts.js';
import { historyLine, segmentLine } from './versionFacts.js';

/**
 * What an auditor asks of a version: who published it and why, who activated, paused, rolled
 * back or replaced it and why, which segment revisions it runs with, and which contacts ran on it.
 */
export function VersionFacts({
  workflowId,
  version,
  live,
  compact = false,
}: {
  workflowId: string;
  version: VersionSummary;
  live: boolean;
  compact?: boolean;
}) {
  const [showContacts, setShowContacts] = useState(false);
  const v = version.version;
  return (
    <div className={`version-facts${compact ? ' is-compact' : ''}`} data-testid={`version-facts-${v}`}>
      {!compact && (
        <p className="version-facts__lead">
          <strong>v{v}</strong>
          {live ? ' is live.' : ' is not live.'} “{version.message}”, published by{' '}
          <span data-testid="published-by">{version.publishedBy}</span> {formatWhen(version.publishedAt)} ·{' '}
          <code title={`SHA-256 of the published graph: ${version.hash}`}>{version.hash.slice(0, 12)}</code>
        </p>
      )}
      {version.history.length > 0 && (
        <ol className="version-facts__history" aria-label={`Activation history of v${v}`}>
          {version.history.map((event) => (
            <li key={`${event.seq}-${event.kind}`} data-kind={event.kind}>
              {historyLine(event)}
            </li>
          ))}
        </ol>
      )}
      {version.history.length === 0 && !compact && <p className="muted">Never activated.</p>}
      {version.segments.length > 0 && (
        <ul className="version-facts__segments" aria-label={`Segments v${v} runs with`}>
          {version.segments.map((s) => (
            <li key={s.name} className={s.latestRevision > s.revision ? 'is-stale' : ''}>
              {segmentLine(s)}
            </li>
          ))}
        </ul>
      )}
      <p className="version-facts__contacts">
        <button
          type="button"
          className="link-btn"
          onClick={() => setShowContacts((shown) => !shown)}
          aria-expanded={showContacts}
          disabled={version.contacts === 0}
          data-testid={`version-${v}-contacts`}
        >
          {version.contacts} contact{version.contacts === 1 ? '' : 's'} ran on v{v}
        </button>
      </p>
      {showContacts && <VersionContacts workflowId={workflowId} version={v} />}
    </div>
  );
}

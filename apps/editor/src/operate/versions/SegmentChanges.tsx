import type { SegmentChange } from '@crossroads/api';
import { ScrollablePre } from '../../ui/ScrollablePre.js';

const rule = (value: unknown) => JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');

/** Segment rules that differ between two versions (each runs with the revisions it pinned). */
export function SegmentChanges({ changes }: { changes: readonly SegmentChange[] | undefined }) {
  if (!changes || changes.length === 0) return null;
  return (
    <>
      <h4>Segment rules ({changes.length})</h4>
      <ul className="segment-changes" data-testid="diff-segments">
        {changes.map((c) => (
          <li key={c.name}>
            <strong>‘{c.name}’</strong>{' '}
            {c.from && c.to
              ? `rev ${c.from.revision} → rev ${c.to.revision}`
              : c.to
                ? `now used (rev ${c.to.revision})`
                : `no longer used (was rev ${c.from?.revision})`}
            {c.from && (
              <ScrollablePre>
                <span className="sr-only">Rule before, rev {c.from.revision}: </span>− {rule(c.from.rule)}
              </ScrollablePre>
            )}
            {c.to && (
              <ScrollablePre>
                <span className="sr-only">Rule after, rev {c.to.revision}: </span>+ {rule(c.to.rule)}
              </ScrollablePre>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

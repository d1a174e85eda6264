import type { VersionDetail, VersionSummary } from '@crossroads/api';
import { GitCompare, Zap } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { segmentLine, staleSegments } from '../operate/versions/versionFacts.js';
import { useEditor } from '../store/context.js';
import { messageOf } from '../ui/errorMessage.js';
import { StatusPill } from '../ui/StatusPill.js';
import { draftDifference } from './draftDifference.js';
import './versionStatus.css';

/** Where the journey stands: what is live, what is published, whether the draft differs. */
export interface Lifecycle {
  status: 'draft' | 'active' | 'paused';
  activeVersion: number | null;
  latestVersion: number | null;
}

/**
 * What runs: "Live v2", "Live v2 · v3 not live", "Paused v2" or "Not live", one click from the
 * live version (a link, or `onOpenLive` where the page shows it in place).
 */
export function LiveStatus({
  workflowId,
  lifecycle,
  onOpenLive,
}: {
  workflowId: string;
  lifecycle: Lifecycle;
  onOpenLive?: () => void;
}) {
  const pill = (
    <StatusPill
      status={lifecycle.status}
      activeVersion={lifecycle.activeVersion}
      latestVersion={lifecycle.latestVersion}
    />
  );
  const live = lifecycle.status === 'active' ? lifecycle.activeVersion : null;
  if (live === null) return pill;
  const title = `Open the live version, v${live}`;
  return onOpenLive ? (
    <button
      type="button"
      className="pill-link"
      onClick={onOpenLive}
      title={title}
      data-testid="open-live-version"
    >
      {pill}
    </button>
  ) : (
    <Link
      href={paths.version(workflowId, live)}
      className="pill-link"
      title={title}
      data-testid="open-live-version"
    >
      {pill}
    </Link>
  );
}

/**
 * Where the page is: the draft, and whether it differs from the latest published version
 * ("Draft · unpublished changes", linked to the comparison) or not yet published at all.
 */
export function DraftBadge({
  workflowId,
  latestVersion,
  against,
}: {
  workflowId: string;
  /** The latest published version's number (null: never published). */
  latestVersion: number | null;
  /** That version with its graph, once loaded. */
  against: VersionDetail | null;
}) {
  const graph = useEditor((s) => s.graph);
  const loaded = against && against.version === latestVersion ? against : null;
  const difference = useMemo(() => (loaded ? draftDifference(loaded.graph, graph) : null), [loaded, graph]);
  if (latestVersion === null) {
    return (
      <span className="pill pill--draft-view" data-testid="draft-badge" data-state="unpublished">
        Draft · never published
      </span>
    );
  }
  if (!loaded || !difference) {
    // Still loading the version to compare with: say only where the page is.
    return (
      <span className="pill pill--draft-view" data-testid="draft-badge" data-state="loading">
        Draft
      </span>
    );
  }
  if (difference.changes === 0) {
    return (
      <span className="pill pill--draft-view" data-testid="draft-badge" data-state="same">
        Draft · same as v{loaded.version}
      </span>
    );
  }
  const what = difference.layoutOnly
    ? 'steps moved'
    : `${difference.changes} change${difference.changes === 1 ? '' : 's'}`;
  return (
    <Link
      href={operatePaths.compare(workflowId, loaded.version, 'draft')}
      className="pill pill--unpublished"
      data-testid="draft-badge"
      data-state="unpublished"
      title={`The draft differs from v${loaded.version} (${what}): open the comparison`}
    >
      <GitCompare size={11} /> Draft · unpublished changes
    </Link>
  );
}

/** "Live v2 uses segment 'hot-leads' rev 1; rev 2 exists: publish again to pick it up." */
export function SegmentNotice({ live }: { live: VersionDetail | null }) {
  const stale = live ? staleSegments(live.segments) : [];
  if (!live || stale.length === 0) return null;
  return (
    <div className="banner banner--info" data-testid="segment-notice">
      Live v{live.version} {stale.map(segmentLine).join('; ')}. Publishing again picks up the newer{' '}
      {stale.length === 1 ? 'revision' : 'revisions'}.
    </div>
  );
}

/**
 * After a publish: what is live now and, when the new version is not, an Activate action (one
 * audited step, no reason needed for a newer version).
 */
export function PublishedBanner({
  workflowId,
  published,
  lifecycle,
  onActivated,
  onDismiss,
}: {
  workflowId: string;
  published: VersionSummary;
  lifecycle: Lifecycle;
  onActivated(next: Lifecycle): void;
  onDismiss(): void;
}) {
  const { api, canPublish } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isLive = lifecycle.status === 'active' && lifecycle.activeVersion === published.version;
  const activate = async () => {
    setBusy(true);
    setError(null);
    try {
      const workflow = await api.activate(workflowId, published.version);
      onActivated({ ...lifecycle, status: workflow.status, activeVersion: workflow.activeVersion });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banner banner--success" role="status" data-testid="published-banner">
      {isLive ? (
        <>
          Published version {published.version}. <strong>v{published.version} is live</strong> for new
          contacts.{' '}
        </>
      ) : (
        <>
          Published version {published.version}.{' '}
          <strong>
            It is not live
            {lifecycle.status === 'active' && lifecycle.activeVersion
              ? `: v${lifecycle.activeVersion} is`
              : ' yet'}
            .
          </strong>{' '}
          {canPublish && (
            <button
              type="button"
              className="btn btn--small btn--primary"
              onClick={() => void activate()}
              disabled={busy}
              data-testid="banner-activate"
            >
              <Zap size={13} /> {busy ? 'Activating…' : `Activate v${published.version}`}
            </button>
          )}{' '}
        </>
      )}
      <Link href={paths.version(workflowId, published.version)}>Open v{published.version}</Link>
      <button type="button" className="link-btn" onClick={onDismiss}>
        Dismiss
      </button>
      {error && <span className="banner__error"> {error}</span>}
    </div>
  );
}

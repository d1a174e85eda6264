import type { Queryable } from '../db/connect.js';

/** A named segment at one revision, as a version pins it (or a draft would). */
export interface SegmentPin {
  name: string;
  segmentId: string;
  revision: number;
  /** The segment's newest revision now: a pin below it means "rev N exists: publish to pick it up". */
  latestRevision: number;
  rule: unknown;
  hash: string;
}

/** A segment whose rule differs between two sides of a diff (or that only one side uses). */
export interface SegmentChange {
  name: string;
  from: { revision: number; rule: unknown } | null;
  to: { revision: number; rule: unknown } | null;
  summary: string;
}

// Any config value equal to a segment's name: a superset of the fields that name segments (a pin
// too many is never read), and one that holds for rules that name segments in new ways.
const USES = '$.nodes[*].config.** ? (@ == $name)';

/** The current revision of every segment of the workspace a graph (a draft) names. */
export async function currentSegments(
  sql: Queryable,
  workspaceId: string,
  graph: unknown,
): Promise<SegmentPin[]> {
  return sql<SegmentPin[]>`
    select s.name, s.id as segment_id, s.revision, s.revision as latest_revision, r.rule, r.hash
    from segments s
    join segment_revisions r on r.segment_id = s.id and r.revision = s.revision
    where s.workspace_id = ${workspaceId}
      and jsonb_path_exists(${sql.json(graph as never)}::jsonb, ${USES}, jsonb_build_object('name', s.name))
    order by s.name`;
}

/** Pins the current revision of every segment the version's graph names (in the publish transaction). */
export async function pinSegments(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version: number,
  pins: readonly SegmentPin[],
): Promise<void> {
  if (pins.length === 0) return;
  await sql`
    insert into version_segments (workspace_id, workflow_id, version, segment_name, segment_id, revision)
    select ${workspaceId}, ${workflowId}, ${version}, x.name, x.segment_id, x.revision
    from unnest(${pins.map((p) => p.name)}::text[], ${pins.map((p) => p.segmentId)}::uuid[],
                ${pins.map((p) => p.revision)}::int[]) as x(name, segment_id, revision)`;
}

/** The segment revisions versions pin, by version number (every version of the workflow when `versions` is left out). */
export async function pinnedSegments(
  sql: Queryable,
  workflowId: string,
  versions?: readonly number[],
): Promise<Map<number, SegmentPin[]>> {
  const rows = await sql<Array<SegmentPin & { version: number }>>`
    select p.version, p.segment_name as name, p.segment_id, p.revision, r.rule, r.hash,
           coalesce(s.revision, p.revision) as latest_revision
    from version_segments p
    join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    left join segments s on s.id = p.segment_id
    where p.workflow_id = ${workflowId}
      ${versions ? sql`and p.version = any(${versions as number[]}::int[])` : sql``}
    order by p.version, p.segment_name`;
  const byVersion = new Map<number, SegmentPin[]>();
  for (const { version, ...pin } of rows) byVersion.set(version, [...(byVersion.get(version) ?? []), pin]);
  return byVersion;
}

/** True when two sets of pins name the same revisions of the same segments. */
export function samePins(a: readonly SegmentPin[], b: readonly SegmentPin[]): boolean {
  const key = (pins: readonly SegmentPin[]) =>
    pins
      .map((p) => `${p.name}\u0000${p.segmentId}\u0000${p.revision}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/**
 * Segment rules that differ between two sides, by name, with a summary line in the words of the
 * graph diff ("Segment 'hot-leads': rule rev 1 → rev 2").
 */
export function diffSegments(from: readonly SegmentPin[], to: readonly SegmentPin[]): SegmentChange[] {
  const before = new Map(from.map((p) => [p.name, p]));
  const after = new Map(to.map((p) => [p.name, p]));
  const changes: SegmentChange[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(name);
    const b = after.get(name);
    const side = (p: SegmentPin | undefined) => (p ? { revision: p.revision, rule: p.rule } : null);
    if (a && b && a.segmentId === b.segmentId && a.revision === b.revision) continue;
    const summary = !a
      ? `Segment '${name}': now used, rev ${b!.revision}`
      : !b
        ? `Segment '${name}': no longer used (was rev ${a.revision})`
        : a.hash === b.hash
          ? `Segment '${name}': rev ${a.revision} → rev ${b.revision} (same rule)`
          : `Segment '${name}': rule rev ${a.revision} → rev ${b.revision}: ${JSON.stringify(a.rule)} → ${JSON.stringify(b.rule)}`;
    changes.push({ name, from: side(a), to: side(b), summary });
  }
  return changes;
}

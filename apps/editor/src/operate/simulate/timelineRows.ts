import type { Graph } from '@crossroads/graph-schema';
import type { SimulatedEvent } from '@crossroads/nodes';
import { SCHEDULED_RUN_EVENT, SEGMENT_ENTERED_EVENT } from '@crossroads/nodes';
import { DURATION_UNITS, type DurationUnit, joinDuration } from '../../schema-form/duration.js';
import { rowKey } from './contactForm.js';
import { isoToMs } from './timeline.js';

/** One property of an event, as typed. */
export interface PropertyRow {
  key: number;
  name: string;
  text: string;
}

/** One event of the timeline: "after [amount] [unit]: [type]" with optional properties. */
export interface TimelineRow {
  key: number;
  amount: string;
  unit: DurationUnit;
  type: string;
  properties: PropertyRow[];
}

/** A timeline row that cannot become an event, naming its row (1-based, in time order). */
export class TimelineRowError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`Event ${row}: ${message}`);
  }
}

const MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10080 };

/** Minutes as a number and the largest unit that divides them: 120 → 2 hours; 0 → 0 minutes. */
export function splitMinutes(total: number): { amount: number; unit: DurationUnit } {
  if (total === 0) return { amount: 0, unit: 'minutes' };
  for (const unit of [...DURATION_UNITS].reverse()) {
    if (total % MINUTES[unit] === 0) return { amount: total / MINUTES[unit], unit };
  }
  return { amount: total, unit: 'minutes' };
}

/** A row's time from the start in minutes; null while its number is not a whole number ≥ 0. */
export function rowMinutes(row: Pick<TimelineRow, 'amount' | 'unit'>): number | null {
  const n = Number(row.amount);
  if (row.amount.trim() === '' || !Number.isInteger(n) || n < 0) return null;
  return n * MINUTES[row.unit];
}

/** A property value as typed: numbers and yes/no stay typed, the rest is text. */
export function propertyValue(text: string): unknown {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return text;
}
const propertyText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Events (a saved case, the JSON view) as rows, in time order. */
export function rowsOfEvents(events: readonly SimulatedEvent[]): TimelineRow[] {
  return sortRows(
    events.map((e) => {
      const ms = typeof e.after === 'number' ? e.after : isoToMs(e.after);
      const { amount, unit } = splitMinutes(Math.round((ms ?? 0) / 60_000));
      return {
        key: rowKey(),
        amount: String(amount),
        unit,
        type: e.type,
        properties: Object.entries(e.properties ?? {}).map(([name, v]) => ({
          key: rowKey(),
          name,
          text: propertyText(v),
        })),
      };
    }),
  );
}

/** Rows in time order (stable: rows at the same time keep their order; unfinished ones last). */
export function sortRows(rows: readonly TimelineRow[]): TimelineRow[] {
  const at = (r: TimelineRow) => rowMinutes(r) ?? Number.POSITIVE_INFINITY;
  return [...rows].sort((a, b) => at(a) - at(b));
}

/** The events the simulator reads; throws `TimelineRowError` naming the first row it cannot read. */
export function eventsOfRows(rows: readonly TimelineRow[]): SimulatedEvent[] {
  return sortRows(rows).map((row, i) => {
    const minutes = rowMinutes(row);
    if (minutes === null) throw new TimelineRowError(i + 1, 'the time must be a whole number, 0 or more');
    const type = row.type.trim();
    if (!type) throw new TimelineRowError(i + 1, 'pick or type the event');
    const properties: Record<string, unknown> = {};
    for (const p of row.properties) if (p.name.trim()) properties[p.name.trim()] = propertyValue(p.text);
    const { amount, unit } = splitMinutes(minutes);
    const after = minutes === 0 ? 'PT0M' : joinDuration(amount, unit);
    return { after, type, ...(Object.keys(properties).length ? { properties } : {}) };
  });
}

const plural = (n: number, unit: DurationUnit) => `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;

/**
 * An event as a sentence: "At the start: page.viewed with page “pricing”", "After 2 hours: email.opened".
 */
export function eventSentence(event: SimulatedEvent): string {
  const ms = typeof event.after === 'number' ? event.after : isoToMs(event.after);
  const minutes = ms === null ? null : Math.round(ms / 60_000);
  const when =
    minutes === null
      ? `After ${event.after}`
      : minutes === 0
        ? 'At the start'
        : `After ${(({ amount, unit }) => plural(amount, unit))(splitMinutes(minutes))}`;
  const props = Object.entries(event.properties ?? {}).map(
    ([k, v]) => `${k} ${typeof v === 'string' ? `“${v}”` : JSON.stringify(v)}`,
  );
  return `${when}: ${event.type}${props.length ? ` with ${props.join(', ')}` : ''}`;
}

/** `event.properties.*` compared with literals in a rule: the properties an event needs to pass it. */
function eventExamples(rule: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(rule)) for (const item of rule) eventExamples(item, out);
  else if (rule && typeof rule === 'object') {
    for (const [op, args] of Object.entries(rule)) {
      const [left, right] = Array.isArray(args) ? (args as unknown[]) : [];
      const path = (left as { var?: unknown } | null | undefined)?.var;
      const scalar = right !== null && typeof right !== 'object';
      if (
        (op === '==' || op === '===') &&
        scalar &&
        typeof path === 'string' &&
        path.startsWith('event.properties.')
      )
        out[path.slice('event.properties.'.length)] ??= right;
      eventExamples(args, out);
    }
  }
  return out;
}

/**
 * A first timeline for a journey: its trigger's event at the start (with the properties its filter
 * asks for; entering the segment or a scheduled run for the other triggers), then each event a
 * step waits for, an hour apart.
 */
export function sampleEvents(graph: Graph): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  for (const node of graph.nodes) {
    const c = node.config as Record<string, unknown>;
    if (node.type === 'trigger' && c.on === 'event' && typeof c.event === 'string') {
      const properties = eventExamples(c.filter);
      events.unshift({
        after: 'PT0M',
        type: c.event,
        ...(Object.keys(properties).length ? { properties } : {}),
      });
    } else if (node.type === 'trigger' && (c.on === 'segment' || c.on === 'schedule')) {
      // Entering the segment, or a run of the schedule for it: what the runtime sends the trigger.
      const type = c.on === 'segment' ? SEGMENT_ENTERED_EVENT : SCHEDULED_RUN_EVENT;
      events.unshift({ after: 'PT0M', type, properties: { segment: String(c.segment ?? '') } });
    } else if (node.type === 'wait' && c.mode === 'event' && typeof c.event === 'string') {
      events.push({ after: '', type: c.event });
    }
  }
  return events.map((e, i) => ({ ...e, after: i === 0 ? 'PT0M' : `PT${i}H` }));
}

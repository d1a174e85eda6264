import type { SimulatedEvent } from '@crossroads/nodes';

/** A timeline line that cannot be read, naming its line number. */
export class TimelineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const LINE = /^(?:after\s+)?(.+?)\s*:\s*([A-Za-z0-9_.:-]+)\s*(\{.*\})?\s*$/;

/** "2h", "1d 3h", "90m", "0", "start" → milliseconds; null when it is not a duration. */
export function parseOffset(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '0' || t === 'start' || t === 'at start') return 0;
  const parts = t.split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(part);
    if (!m) return null;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return Math.round(total);
}

/** Milliseconds as an ISO-8601 duration the simulator reads: 7_200_000 → 'PT2H'. */
export function isoDuration(ms: number): string {
  if (ms === 0) return 'PT0S';
  let rest = Math.round(ms / 1000);
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3_600);
  rest -= h * 3_600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * Reads a timeline, one event per line: `after 2h: email.opened`, optionally with JSON
 * properties: `after 0: page.viewed {"page": "pricing"}`. Blank lines and `#` comments are skipped.
 *
 * @example
 * parseTimeline('after 0: page.viewed {"page":"pricing"}\nafter 2h: email.opened')
 * // [{ after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing' } }, { after: 'PT2H', type: 'email.opened' }]
 */
export function parseTimeline(text: string): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const n = index + 1;
    const m = LINE.exec(line);
    if (!m) throw new TimelineError(n, `expected "after 2h: event.type", got "${line}"`);
    const offset = parseOffset(m[1] as string);
    if (offset === null) throw new TimelineError(n, `"${m[1]}" is not a time such as 0, 30m, 2h or 1d 3h`);
    let properties: Record<string, unknown> | undefined;
    if (m[3]) {
      try {
        properties = JSON.parse(m[3]) as Record<string, unknown>;
      } catch {
        throw new TimelineError(n, 'the properties are not valid JSON');
      }
    }
    events.push({ after: isoDuration(offset), type: m[2] as string, ...(properties && { properties }) });
  });
  return events;
}

/** Milliseconds as the timeline's short form: 93_600_000 → '1d 2h'. */
function shortOffset(ms: number): string {
  if (ms === 0) return '0';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_MS[unit] as number;
    const count = Math.floor(rest / size);
    if (count) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join(' ');
}

/** Events back to timeline text (saved test cases open in the editor this way). */
export function formatTimeline(events: readonly SimulatedEvent[]): string {
  return events
    .map((e) => {
      const ms = typeof e.after === 'number' ? e.after : isoToMs(e.after);
      const props =
        e.properties && Object.keys(e.properties).length ? ` ${JSON.stringify(e.properties)}` : '';
      return `after ${ms === null ? e.after : shortOffset(ms)}: ${e.type}${props}`;
    })
    .join('\n');
}

/** An ISO-8601 duration of days, hours, minutes and seconds in milliseconds; null otherwise. */
export function isoToMs(iso: string): number | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return null;
  const [, w, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return ((w ?? 0) * 604_800 + (d ?? 0) * 86_400 + (h ?? 0) * 3_600 + (min ?? 0) * 60 + (s ?? 0)) * 1000;
}

import { describe, expect, it } from 'vitest';
import { formatTimeline, isoDuration, parseOffset, parseTimeline } from './timeline.js';

describe('timeline', () => {
  it('reads relative times and events with properties', () => {
    expect(
      parseTimeline(
        'after 0: page.viewed {"page":"pricing"}\n# comment\n\nafter 2h: email.opened\nafter 1d 30m: meeting.booked',
      ),
    ).toEqual([
      { after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing' } },
      { after: 'PT2H', type: 'email.opened' },
      { after: 'P1DT30M', type: 'meeting.booked' },
    ]);
  });
  it('names the line that cannot be read', () => {
    expect(() => parseTimeline('after 0: a\nafter soon: b')).toThrow('line 2: "soon" is not a time');
    expect(() => parseTimeline('email.opened')).toThrow(/^line 1: expected/);
    expect(() => parseTimeline('after 1h: x {bad}')).toThrow('line 1: the properties are not valid JSON');
  });
  it('converts offsets both ways', () => {
    expect(parseOffset('1w')).toBe(604_800_000);
    expect(parseOffset('2x')).toBeNull();
    expect(isoDuration(90_061_000)).toBe('P1DT1H1M1S');
    const events = parseTimeline('after 1d 2h: a {"x":1}\nafter 0: b');
    expect(parseTimeline(formatTimeline(events))).toEqual(events);
    expect(formatTimeline(events)).toBe('after 1d 2h: a {"x":1}\nafter 0: b');
  });
});

import { describe, expect, it } from 'vitest';
import { packDetails, packDetailsLine } from './packDetails.js';

describe('pack details in the palette', () => {
  it('names the pack, its version, its author and the hosts its node may reach', () => {
    const details = packDetails({
      pack: { name: '@crossroads-examples/slack-notify', version: '0.1.0', author: 'Crossroads examples' },
      hosts: ['hooks.slack.com'],
    });
    expect(details).toEqual({
      pack: '@crossroads-examples/slack-notify 0.1.0',
      author: 'by Crossroads examples',
      reach: 'May reach hooks.slack.com',
    });
    expect(packDetailsLine(details)).toBe(
      'From the pack @crossroads-examples/slack-notify 0.1.0 · by Crossroads examples · May reach hooks.slack.com',
    );
  });

  it('says when a node reaches nothing, leaves out a missing author and shortens long host lists', () => {
    const none = packDetails({ pack: { name: 'ab-split', version: '1.0.0', author: null }, hosts: [] });
    expect(none).toEqual({ pack: 'ab-split 1.0.0', author: null, reach: 'Reaches no other service' });
    expect(packDetailsLine(none)).toBe('From the pack ab-split 1.0.0 · Reaches no other service');
    const many = packDetails({
      pack: { name: 'x', version: '1.0.0', author: null },
      hosts: ['a', 'b', 'c', 'd', 'e'],
    });
    expect(many.reach).toBe('May reach a, b, c and 2 more');
  });
});

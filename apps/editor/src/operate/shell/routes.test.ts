import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../app/router.js';
import { operatePaths } from './operatePaths.js';

describe('operate routes', () => {
  it('round-trips every operate path through matchRoute', () => {
    expect(matchRoute(operatePaths.versions('w1'))).toEqual({ name: 'operate', id: 'w1', tab: 'versions' });
    expect(matchRoute(operatePaths.simulate('w1'))).toEqual({ name: 'operate', id: 'w1', tab: 'simulate' });
    expect(matchRoute(operatePaths.live('w1'))).toEqual({ name: 'operate', id: 'w1', tab: 'live' });
    expect(matchRoute(operatePaths.compare('w1', 1, 'draft'))).toEqual({
      name: 'compare',
      id: 'w1',
      from: 1,
      to: 'draft',
    });
    expect(matchRoute(operatePaths.audit())).toEqual({ name: 'audit' });
    expect(matchRoute(operatePaths.mailbox())).toEqual({ name: 'mailbox' });
    expect(matchRoute(operatePaths.contacts())).toEqual({ name: 'contacts' });
    expect(operatePaths.contacts('ana@acme.io')).toBe('/contacts?q=ana%40acme.io');
    expect(matchRoute(operatePaths.handoffs())).toEqual({ name: 'handoffs' });
    expect(matchRoute(operatePaths.apiKeys())).toEqual({ name: 'api-keys' });
    expect(matchRoute(operatePaths.sending())).toEqual({ name: 'sending' });
  });
  it('keeps the version page and rejects bad compare sides', () => {
    expect(matchRoute('/workflows/w1/versions/2')).toEqual({ name: 'version', id: 'w1', version: 2 });
    expect(matchRoute('/workflows/w1/compare/1/x')).toMatchObject({ name: 'not-found' });
  });
});

import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.js';

describe('matchRoute', () => {
  it('matches every view with a shareable URL', () => {
    expect(matchRoute('/')).toEqual({ name: 'list' });
    expect(matchRoute('/workflows/wf_1')).toEqual({ name: 'workflow', id: 'wf_1' });
    expect(matchRoute('/workflows/wf_1/')).toEqual({ name: 'workflow', id: 'wf_1' });
    expect(matchRoute('/workflows/wf_1/versions/3')).toEqual({ name: 'version', id: 'wf_1', version: 3 });
    expect(matchRoute('/contacts/c%201')).toEqual({ name: 'contact', id: 'c 1' });
    expect(matchRoute('/segments')).toEqual({ name: 'segments' });
    expect(matchRoute('/import')).toEqual({ name: 'import' });
  });
  it('reports unknown paths', () => {
    expect(matchRoute('/workflows/wf_1/versions/x')).toEqual({
      name: 'not-found',
      path: '/workflows/wf_1/versions/x',
    });
    expect(matchRoute('/nope')).toMatchObject({ name: 'not-found' });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseMismatch } from './conformance.js';
import { defineRoute, findRoute, pathOf } from './route.js';
import { ROUTES } from './routes.js';
import { healthz } from './system.js';

const route = defineRoute({
  method: 'get',
  path: '/v1/things/{id}',
  tag: 'Test',
  summary: 'A thing',
  access: 'any-key',
  responses: {
    200: { description: 'The thing', schema: z.object({ id: z.string(), tags: z.array(z.string()) }) },
    201: { description: 'A page', media: ['text/html'] },
  },
});

describe('responseMismatch', () => {
  it('accepts a body its schema describes', () => {
    expect(responseMismatch(route, 200, 'application/json', { id: 'a', tags: [] })).toBeNull();
    expect(responseMismatch(healthz, 200, 'application/json; charset=UTF-8', { ok: true })).toBeNull();
  });

  it('refuses a wrong type, a missing field and a field the schema does not declare, naming it', () => {
    expect(responseMismatch(route, 200, 'application/json', { id: 1, tags: [] })).toMatch(/^id: /);
    expect(responseMismatch(route, 200, 'application/json', { id: 'a' })).toMatch(/^tags: /);
    expect(responseMismatch(route, 200, 'application/json', { id: 'a', tags: [], secret: 'x' })).toBe(
      'secret: not in the schema (or changed by it)',
    );
  });

  it('refuses an undeclared status or media type, and an error that is not a problem', () => {
    expect(responseMismatch(route, 202, 'application/json', {})).toMatch(/status 202/);
    expect(responseMismatch(route, 201, 'text/html; charset=utf-8', '<p>')).toBeNull();
    expect(responseMismatch(route, 201, 'text/csv', 'a,b')).toMatch(/text\/csv/);
    expect(responseMismatch(route, 404, 'application/problem+json', { title: 'Not Found' })).toMatch(
      /problem/,
    );
    const problem = { type: 'x', title: 'Not Found', status: 404, detail: 'Thing was not found' };
    expect(responseMismatch(route, 404, 'application/problem+json', problem)).toBeNull();
    expect(responseMismatch(route, 400, 'application/problem+json', problem)).toMatch(/404 on a 400/);
  });
});

describe('routes', () => {
  it('finds the route a request goes to, a fixed segment beating a parameter', () => {
    expect(findRoute(ROUTES, 'POST', '/v1/workflows/abc/test-cases/run')?.path).toBe(
      '/v1/workflows/{id}/test-cases/run',
    );
    expect(findRoute(ROUTES, 'DELETE', '/v1/workflows/abc/test-cases/run')?.path).toBe(
      '/v1/workflows/{id}/test-cases/{caseId}',
    );
    expect(findRoute(ROUTES, 'GET', '/v1/nope')).toBeUndefined();
    expect(pathOf('/v1/contacts/{id}/trace', { id: 'a/b c' })).toBe('/v1/contacts/a%2Fb%20c/trace');
  });

  it('declares each method and path once, with a JSON schema for every JSON success', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ROUTES) {
      for (const [status, spec] of Object.entries(r.responses)) {
        if (Number(status) < 300 && !spec.media)
          expect(spec.schema, `${r.method} ${r.path} ${status}`).toBeDefined();
      }
    }
  });
});

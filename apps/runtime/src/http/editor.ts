import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './context.js';
import { badRequest, HttpProblem, notFound } from './problem.js';

const HASHED_ASSET = /^\/assets\//;
// Paths the API owns: never answered with the editor's index.html.
const API_PATH = /^\/(v1|healthz|readyz|metrics|openapi\.json|docs)(\/|$)/;

const missingBuildPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crossroads</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>Crossroads is running</h1>
<p>The API answers under <a href="/openapi.json"><code>/v1</code></a>, but the editor has not been built.</p>
<p>Build it with <code>pnpm --filter @crossroads/editor build</code> and reload this page
(<code>pnpm start</code> does this for you).</p>
</body></html>`;

/**
 * Serves the built editor (EDITOR_DIST) with SPA fallback: any GET outside the API that is not a
 * file gets index.html, so `/workflows/:id` can be opened directly. Vite's hashed files under
 * /assets are cached for a year; index.html is revalidated every time so a new build shows up.
 */
export function editorRoutes(distDir: string): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const indexFile = join(distDir, 'index.html');

  routes.get('*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const immutable =
      HASHED_ASSET.test(c.req.path) && !c.res.headers.get('content-type')?.startsWith('text/html');
    c.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  routes.get('*', async (c, next) => {
    // A NUL would reach the file system (an error there, not a 404).
    if (/%00|\0/.test(c.req.path)) throw badRequest('The path contains a NUL character (%00)');
    if (API_PATH.test(c.req.path)) {
      throw new HttpProblem(404, 'Not Found', `No route for ${c.req.method} ${c.req.path}`);
    }
    if (!existsSync(indexFile)) return c.html(missingBuildPage);
    return next();
  });
  routes.get('*', serveStatic({ root: distDir }));
  routes.get('*', async (c, next) => {
    // A missing file with an extension (e.g. /assets/old-hash.js) is a real 404, not a page.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) throw notFound(`File ${c.req.path}`);
    return next();
  });
  routes.get('*', serveStatic({ path: indexFile }));
  return routes;
}

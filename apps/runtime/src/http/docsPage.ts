/**
 * A small self-contained API reference page: reads /openapi.json in the browser and lists every
 * route by tag with who may call it and its request schema. No CDN, so it works offline.
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crossroads API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a}
h2{margin-top:2rem;border-bottom:1px solid #e2e8f0}
details{border:1px solid #e2e8f0;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}
.m{display:inline-block;width:4.5rem;font-weight:600;font-family:monospace}
.get{color:#0369a1}.post{color:#15803d}.put,.patch{color:#b45309}.delete{color:#b91c1c}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f8fafc;padding:.5rem;overflow:auto}
</style></head><body>
<h1>Crossroads API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Send an API key as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<div id="routes">Loading…</div>
<script>
fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      (byTag[tag] = byTag[tag] || []).push({ path, method, op });
    }
  }
  const root = document.getElementById('routes');
  root.textContent = '';
  for (const [tag, routes] of Object.entries(byTag)) {
    const h = document.createElement('h2'); h.textContent = tag; root.append(h);
    for (const { path, method, op } of routes) {
      const d = document.createElement('details');
      const s = document.createElement('summary');
      const m = document.createElement('span'); m.className = 'm ' + method; m.textContent = method.toUpperCase();
      const p = document.createElement('code'); p.textContent = path;
      s.append(m, p, ' \u2014 ' + (op.summary || ''));
      const body = document.createElement('pre');
      body.textContent = (op.description || '') + '\\n\\n' + JSON.stringify({
        parameters: op.parameters, requestBody: op.requestBody && op.requestBody.content['application/json'].schema,
        responses: Object.keys(op.responses || {}),
      }, null, 2);
      d.append(s, body); root.append(d);
    }
  }
});
</script></body></html>`;

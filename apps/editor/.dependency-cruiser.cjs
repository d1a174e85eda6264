// Import rules for the editor, checked by `pnpm --filter @crossroads/editor lint:deps`
// (dependency-cruiser). Paths match whether it runs here (`src/...`) or from the repo root.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other in one direction only: shared helpers live below their users.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'canvas-not-operate-or-pages',
      comment:
        'The canvas is drawn by the editor and the operate views alike: it knows neither. Overlays reach it through canvas/decorations.',
      severity: 'error',
      from: { path: '^(apps/editor/)?src/canvas/' },
      to: { path: '^(apps/editor/)?src/(operate|pages)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle through types is still two modules that know each other.
    tsPreCompilationDeps: true,
  },
};

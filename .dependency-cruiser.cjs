// Import rules for the whole workspace, checked by `pnpm lint` (`pnpm lint:deps`).
// Type-only imports count too: a cycle or an upward import of types is still a dependency.

const RUNTIME = '^apps/runtime/src';

/**
 * The runtime's capability rooms (apps/runtime/src/CONTEXT.md), each with the rooms it may import.
 * Dependencies point down: http/ and worker/ (the entry points) → capabilities → db/. Between
 * capabilities only in this order, which has no cycle:
 *   authoring → access, queue, db
 *   operate → ingest → walk → deliver → access, queue → db
 *   import → ingest (contact imports: segment entries go through ingest)
 * Every room may also use the pure libraries (channels/, packs/) and the root kernel
 * (config.ts, logger.ts, metrics.ts, deps.ts).
 */
const ROOMS = {
  authoring: ['access', 'queue', 'db'],
  operate: ['ingest', 'walk', 'deliver', 'access', 'queue', 'db'],
  import: ['ingest', 'walk', 'deliver', 'access', 'queue', 'db'],
  ingest: ['walk', 'deliver', 'access', 'queue', 'db'],
  walk: ['deliver', 'access', 'queue', 'db'],
  deliver: ['access', 'queue', 'db'],
  access: ['db'],
  queue: ['db'],
  db: [],
};
const ROOM_NAMES = Object.keys(ROOMS);
const ENTRIES = `${RUNTIME}/(http|worker|testing)/|${RUNTIME}/(start|cli)\\.ts$`;
const TESTS = '\\.test\\.ts$';

const roomRules = Object.entries(ROOMS).map(([room, allowed]) => {
  const above = ROOM_NAMES.filter((other) => other !== room && !allowed.includes(other));
  return {
    name: `runtime-${room}-imports-down`,
    comment: `${room}/ may import ${allowed.join(', ') || 'no other room'} (see ROOMS); it imported a room above it`,
    severity: 'error',
    from: { path: `${RUNTIME}/${room}/` },
    to: { path: `${RUNTIME}/(${above.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make modules impossible to read, test or move alone (issue 17).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...roomRules,
    {
      name: 'runtime-capabilities-below-entries',
      comment:
        'A capability never imports an entry point (http/, worker/, start.ts, cli.ts) or test helpers.',
      severity: 'error',
      from: { path: `${RUNTIME}/(${ROOM_NAMES.join('|')})/`, pathNot: TESTS },
      to: { path: ENTRIES },
    },
    {
      name: 'runtime-entries-apart',
      comment: 'The API and the worker are separate entry points; what both need lives in a capability.',
      severity: 'error',
      from: { path: `${RUNTIME}/http/` },
      to: { path: `${RUNTIME}/worker/` },
    },
    {
      name: 'runtime-entries-apart-worker',
      comment: 'The API and the worker are separate entry points; what both need lives in a capability.',
      severity: 'error',
      from: { path: `${RUNTIME}/worker/` },
      to: { path: `${RUNTIME}/http/` },
    },
    {
      name: 'runtime-libraries-stay-pure',
      comment: 'channels/ and packs/ are libraries: no capability, entry point or database access.',
      severity: 'error',
      from: { path: `${RUNTIME}/(channels|packs)/`, pathNot: TESTS },
      to: { path: `${RUNTIME}/(${ROOM_NAMES.join('|')}|http|worker|testing)/` },
    },
    {
      name: 'runtime-kernel-stays-below',
      comment: 'config, logger, metrics, deps and registry sit under every room (deps.ts may name db types).',
      severity: 'error',
      from: { path: `${RUNTIME}/[^/]+\\.ts$`, pathNot: `${RUNTIME}/(start|cli)\\.ts$|${TESTS}` },
      to: { path: `${RUNTIME}/(${ROOM_NAMES.filter((r) => r !== 'db').join('|')}|http|worker|testing)/` },
    },
    {
      name: 'runtime-test-helpers-in-tests-only',
      comment: 'testing/ builds apps and databases for tests; production code never imports it.',
      severity: 'error',
      from: { path: `${RUNTIME}/`, pathNot: `${TESTS}|${RUNTIME}/testing/` },
      to: { path: `${RUNTIME}/testing/` },
    },
    {
      name: 'packages-below-apps',
      comment: 'Packages are shared by the apps and never import them.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'editor-canvas-below-screens',
      comment: 'The canvas is a component the screens use: it never imports operate/ or pages/.',
      severity: 'error',
      from: { path: '^apps/editor/src/canvas/' },
      to: { path: '^apps/editor/src/(operate|pages)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};

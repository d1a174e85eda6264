import { type FS, Liquid } from 'liquidjs';

/** Limits every template engine shares. Sized for emails and CRM notes, not documents. */
export const TEMPLATE_LIMITS = {
  /** Characters parsed per `parse()` call: a template body larger than this is refused at save time. */
  parseChars: 200_000,
  /** Milliseconds one render may take; liquidjs checks it before every tag and output it renders. */
  renderMs: 1_000,
  /**
   * Milliseconds a render thread may run past `renderMs` before it is terminated: the hard limit
   * (1.5 s in all), which also stops a single filter chain the cooperative `renderMs` cannot.
   */
  hardGraceMs: 500,
  /** Characters of data (contact, event, journey) one render may be given. */
  dataChars: 1_000_000,
  /** Characters one rendered field may have (an email body; Gmail clips at ~100k). */
  outputChars: 1_000_000,
  /** Heap one render thread may use (MB); beyond it the thread dies and its renders fail. */
  threadHeapMb: 256,
  /** Units of allocation (string/array lengths built by filters and ranges) one render may make. */
  memory: 10_000_000,
  /** Block tags nested inside each other; deeper nesting could overflow the parser's stack. */
  nestingDepth: 50,
} as const;

/** How output values are escaped: `html` for HTML bodies, `none` for subjects and text bodies. */
export type TemplateEscape = 'html' | 'none';

/** Tags that read other templates. Templates live in one field each, so there is nothing to include. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'] as const;

const refuse = (): never => {
  throw new Error('templates cannot read files');
};

/** A file system that has no files: even a tag missed above cannot reach the disk. */
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => refuse(),
  readFileSync: () => refuse(),
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

function createEngine(escaping: TemplateEscape): Liquid {
  const engine = new Liquid({
    fs: noFiles,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    cache: false,
    parseLimit: TEMPLATE_LIMITS.parseChars,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
    ...(escaping === 'html' ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of FILE_TAGS) delete engine.tags[tag];
  return engine;
}

const engines: Record<TemplateEscape, Liquid> = { html: createEngine('html'), none: createEngine('none') };

/** The shared sandboxed engine for one escaping mode (engines hold no per-render state). */
export function templateEngine(escaping: TemplateEscape): Liquid {
  return engines[escaping];
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSection } from './report.js';

describe('writeSection', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'editor-bench-')), 'benchmarks.md');

  it('inserts its section before the given heading, then replaces only that section', async () => {
    const path = file();
    writeFileSync(path, '# Benchmarks\n\n## Gates\n\ntext\n\n## Runtime benchmarks: how they run\n\nmore\n');
    await writeSection(path, 'editor-canvas', '## Editor\n\nfirst', '## Runtime benchmarks: how they run');
    await writeSection(path, 'editor-canvas', '## Editor\n\nsecond', '## Runtime benchmarks: how they run');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('## Gates\n\ntext\n');
    expect(text).not.toContain('first');
    expect(text.indexOf('second')).toBeLessThan(text.indexOf('## Runtime benchmarks: how they run'));
    expect(text.match(/editor-canvas:start/g)).toHaveLength(1);
  });
});

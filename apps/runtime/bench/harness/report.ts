import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../../../docs');

/** docs/benchmarks.md or docs/reliability.md. */
export const DOCS = { benchmarks: join(docs, 'benchmarks.md'), reliability: join(docs, 'reliability.md') };

/**
 * Replaces the section between `<!-- id:start -->` and `<!-- id:end -->` in a Markdown file, or
 * appends it: each script owns its section and leaves the rest of the file to its authors.
 *
 * @example
 * await writeSection(DOCS.benchmarks, 'runtime-ingest', '## Ingest\n\n| ... |');
 */
export async function writeSection(file: string, id: string, markdown: string): Promise<void> {
  const start = `<!-- ${id}:start (written by a script: edits here are overwritten) -->`;
  const end = `<!-- ${id}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = await readFile(file, 'utf8').catch(() => '');
  const from = current.indexOf(`<!-- ${id}:start`);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}${current ? '\n\n' : ''}${block}\n`;
  await writeFile(file, next);
}

/** A Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';

/**
 * Replaces the section between `<!-- id:start ... -->` and `<!-- id:end -->` in a Markdown file, or
 * inserts it before `before` (a heading line), else appends it: each bench owns its section and
 * leaves the rest of the file to its authors. (The runtime's bench harness does the same.)
 *
 * @example
 * await writeSection('docs/benchmarks.md', 'editor-canvas', '## Editor\n...', '## Runtime benchmarks: how they run');
 */
export async function writeSection(
  file: string,
  id: string,
  markdown: string,
  before?: string,
): Promise<void> {
  const start = `<!-- ${id}:start (written by a script: edits here are overwritten) -->`;
  const end = `<!-- ${id}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = await readFile(file, 'utf8').catch(() => '');
  const from = current.indexOf(`<!-- ${id}:start`);
  const to = current.indexOf(end);
  const anchor = before ? current.indexOf(`\n${before}\n`) : -1;
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : anchor >= 0
        ? `${current.slice(0, anchor)}\n${block}\n${current.slice(anchor)}`
        : `${current.trimEnd()}${current ? '\n\n' : ''}${block}\n`;
  await writeFile(file, next);
}

/** A Markdown table; columns after the first are right-aligned. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** `AMD EPYC 7B13 × 2, 24 GiB RAM, Node v20.20.2, Chromium 141.0.1, 2026-11-24 04:10 UTC`. */
export function machineLine(browserVersion: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${cpu} × ${cpus().length}, ${gib} GiB RAM, Node ${process.version}, Chromium ${browserVersion}, ${date} UTC`;
}

/** 1/5/15-minute load averages: the machine is shared, so say how busy it was. */
export function loadLine(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

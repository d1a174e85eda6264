/** A one-line progress bar on stdout (redrawn in place on a terminal, printed every 10 s otherwise). */
export function progressLine(done: number, total: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}

export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

export function createProgress(out: NodeJS.WriteStream = process.stdout) {
  let lastPrint = 0;
  return {
    update(text: string) {
      if (out.isTTY) out.write(`\r${text}\u001b[K`);
      else if (Date.now() - lastPrint > 10_000) {
        out.write(`${text}\n`);
        lastPrint = Date.now();
      }
    },
    done(text: string) {
      out.write(`${out.isTTY ? '\r' : ''}${text}\u001b[K\n`);
    },
  };
}

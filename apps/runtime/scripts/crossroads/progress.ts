/**
 * A one-line progress bar on a terminal (redrawn in place); elsewhere (a pipe, CI logs) a line
 * per tenth of the way, so logs stay short.
 */
export function progressBar(out: NodeJS.WritableStream & { isTTY?: boolean }) {
  let lastStep = '';
  let drawn = false;
  return {
    update(label: string, fraction: number) {
      const share = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      const percent = `${Math.floor(share * 100)}%`.padStart(4);
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent} ${label}\x1b[K`);
        drawn = true;
        return;
      }
      const step = `${label.split(':')[0]} ${Math.floor(share * 10)}`;
      if (step !== lastStep) out.write(`${percent} ${label}\n`);
      lastStep = step;
    },
    done() {
      if (drawn) out.write('\n');
    },
  };
}

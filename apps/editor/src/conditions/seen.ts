/** "12 times, last 3 days ago": how often an event type appears among the newest events, and when last. */
export function formatSeen(count: number, lastSeen: string | null, now = Date.now()): string {
  const times = `${count.toLocaleString('en')} time${count === 1 ? '' : 's'}`;
  if (!lastSeen) return times;
  return `${times}, last ${ago(Date.parse(lastSeen), now)}`;
}

function ago(at: number, now: number): string {
  const minutes = Math.round((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days < 60 ? `${days} days ago` : new Date(at).toISOString().slice(0, 10);
}

/**
 * A one-line summary for node types that bring no `summary()` of their own (pack types known only
 * through the API): the first few scalar config values, e.g. "list: VIP · priority: high".
 */
export function genericSummary(config: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (parts.length >= 3) break;
    if (typeof value === 'string' && value.length > 0) parts.push(`${key}: ${truncate(value, 28)}`);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${String(value)}`);
    else if (Array.isArray(value)) parts.push(`${value.length} ${key}`);
  }
  return parts.join(' · ');
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

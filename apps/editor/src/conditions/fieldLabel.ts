const ENGAGEMENT: Record<string, string> = {
  last_open_at: 'last email opened',
  last_click_at: 'last email clicked',
  last_reply_at: 'last reply',
  last_send_at: 'last email sent',
};

const words = (text: string) =>
  text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase()
    .trim();

/**
 * A field's name for people, from its path: `contact.lead_score` → "lead score",
 * `event.properties.cart_value` → "event cart value", `engagement.opens_30d` → "emails opened in
 * the last 30 days".
 */
export function fieldLabel(path: string): string {
  const [root = '', ...rest] = path.split('.');
  const tail = rest.join('.');
  if (root === 'contact') return words(tail) || 'contact';
  if (root === 'event') {
    if (rest[0] === 'properties') return `event ${words(rest.slice(1).join('.'))}`;
    return `event ${words(tail)}`;
  }
  if (root === 'engagement') {
    const count = /^(opens|clicks|replies|sends)_(\d+)d$/.exec(tail);
    if (count) {
      const verb = { opens: 'opened', clicks: 'clicked', replies: 'replied to', sends: 'sent' }[
        count[1] as 'opens'
      ];
      return `emails ${verb} in the last ${count[2]} days`;
    }
    if (rest[0] === 'last_event_at') return `last ${rest.slice(1).join('.').replaceAll('_', '.')} event`;
    return ENGAGEMENT[tail] ?? words(tail);
  }
  if (root === 'journey') return `journey ${words(tail)}`;
  return words(path);
}

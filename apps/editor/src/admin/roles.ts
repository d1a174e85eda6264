import type { Role } from '@crossroads/api';

/** What each role may do, in the words the API keys page shows next to the choice. */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, including keys and erasing contacts',
  publisher: 'Edit, publish and turn journeys on or off',
  editor: 'Build and edit journeys; cannot publish',
  auditor: 'Read journeys, versions, traces and the audit log',
  ingest: 'Send events and contacts from your site or apps (no editor access)',
};

/** "3 minutes ago", "yesterday", "never": how recently a key was used, roughly. */
export function lastUsed(iso: string | null, now = Date.now()): string {
  if (!iso) return 'Never';
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 2) return 'Just now';
  if (minutes < 60) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? 'An hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'Yesterday' : `${days} days ago`;
}

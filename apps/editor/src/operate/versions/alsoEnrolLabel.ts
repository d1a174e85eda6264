import type { AlreadyInSegment } from '@crossroads/api';

/** "Also enrol the 3 contacts already in the segment hot-leads", in the segment names typed. */
export function alsoEnrolLabel({ segments, contacts }: AlreadyInSegment): string {
  const names = segments.map((s) => `‘${s}’`).join(' or ');
  const where = segments.length === 1 ? `the segment ${names}` : `the segments ${names}`;
  if (contacts === 0) return `No contact is in ${where} yet`;
  const who = contacts === 1 ? 'the 1 contact' : `the ${contacts.toLocaleString('en-US')} contacts`;
  return `Also enrol ${who} already in ${where}`;
}

import { describe, expect, it } from 'vitest';
import { packAuthor } from './manifest.js';

describe('packAuthor', () => {
  it('reads package.json author as a string or as an object with name and email', () => {
    expect(packAuthor({ author: 'Ada Lovelace <ada@example.com>' })).toBe('Ada Lovelace <ada@example.com>');
    expect(packAuthor({ author: { name: 'Acme', email: 'dev@acme.com', url: 'https://acme.com' } })).toBe(
      'Acme <dev@acme.com>',
    );
    expect(packAuthor({ author: { name: 'Acme' } })).toBe('Acme');
  });

  it('is null when absent or unreadable, and bounded', () => {
    expect(packAuthor({})).toBeNull();
    expect(packAuthor({ author: '  ' })).toBeNull();
    expect(packAuthor({ author: 42 })).toBeNull();
    expect(packAuthor({ author: { email: 'x@y.z' } })).toBeNull();
    expect(packAuthor({ author: 'a'.repeat(500) })).toHaveLength(200);
  });
});

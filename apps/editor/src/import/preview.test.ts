import { describe, expect, it } from 'vitest';
import { initialChoices, mappedColumns, previewOf } from './preview.js';

describe('previewOf', () => {
  it('reads a CSV start: headers, first rows, inferred types; a cut last line is left out', () => {
    const text =
      'Email,Seats,Trial ends,Newsletter,Tags\na@x.io,12,2026-03-01,yes,a;b\nb@x.io,3,2026-04-01,no,c;d\nc@x.io,4,20';
    const preview = previewOf(text, 'people.csv', false);
    expect(preview.headers).toEqual(['Email', 'Seats', 'Trial ends', 'Newsletter', 'Tags']);
    expect(preview.rows).toHaveLength(2);
    expect(preview.types).toEqual(['text', 'number', 'date', 'boolean', 'list']);
    const { key, columns } = initialChoices(preview);
    expect(key).toBe('Email');
    expect(columns.map((c) => c.attribute)).toEqual(['email', 'seats', 'trial_ends', 'newsletter', 'tags']);
    expect(mappedColumns(columns, key, false)).toHaveLength(5);
  });

  it('reads NDJSON objects and semicolon CSV', () => {
    const nd = previewOf('{"id":"u1","score":3}\n{"id":"u2","score":5,"vip":true}\n', 'x.ndjson');
    expect(nd).toMatchObject({
      format: 'ndjson',
      headers: ['id', 'score', 'vip'],
      types: ['text', 'number', 'boolean'],
    });
    const { key, columns } = initialChoices(nd);
    expect(key).toBe('id');
    expect(mappedColumns(columns, key, true).map((c) => c.column)).toEqual(['score', 'vip']);
    expect(previewOf('name;city\nAnn;Oslo\n', 'x.csv').headers).toEqual(['name', 'city']);
  });
});

import type { JsonSchema } from '@crossroads/api';

/** JSONLogic operators with their arity hint, as json-logic-js knows them. */
export const JSONLOGIC_OPERATORS: Record<string, string> = {
  var: 'Reads a value: {"var": "contact.lead_score"} or {"var": ["path", default]}',
  missing: 'Lists which of the given paths are missing',
  missing_some: '[minimum, [paths]]: missing unless at least `minimum` are present',
  if: '[condition, then, (condition, then)*, else]',
  '?:': 'Ternary: [condition, then, else]',
  '==': 'Loose equality: [a, b]',
  '===': 'Strict equality: [a, b]',
  '!=': 'Loose inequality: [a, b]',
  '!==': 'Strict inequality: [a, b]',
  '!': 'Not: [a]',
  '!!': 'Truthy: [a]',
  or: 'First truthy argument',
  and: 'First falsy argument, or the last',
  '>': '[a, b]',
  '>=': '[a, b]',
  '<': '[a, b] or between [a, b, c]',
  '<=': '[a, b] or between inclusive [a, b, c]',
  max: 'Largest of the arguments',
  min: 'Smallest of the arguments',
  '+': 'Sum',
  '-': 'Difference or negation',
  '*': 'Product',
  '/': 'Quotient: [a, b]',
  '%': 'Remainder: [a, b]',
  map: '[array, rule]',
  filter: '[array, rule]',
  reduce: '[array, rule, initial]',
  all: '[array, rule]: every item matches',
  none: '[array, rule]: no item matches',
  some: '[array, rule]: at least one item matches',
  merge: 'Flattens arrays into one',
  in: '[needle, haystack]: substring or array membership',
  cat: 'Concatenates strings',
  substr: '[string, start, length?]',
  log: 'Logs and returns its argument',
};

const rule = { $ref: '#/definitions/rule' };
const args = { anyOf: [rule, { type: 'array', items: rule }] };

/**
 * JSON Schema of a JSONLogic rule, for Monaco: unknown operators are flagged and operator names
 * complete with their descriptions. `validateLogic` on the server remains the judge.
 */
export const jsonLogicSchema: JsonSchema = {
  $id: 'crossroads://schemas/jsonlogic.json',
  title: 'JSONLogic rule',
  definitions: {
    rule: {
      anyOf: [
        { type: ['string', 'number', 'boolean', 'null'] },
        { type: 'array', items: rule },
        {
          type: 'object',
          minProperties: 1,
          maxProperties: 1,
          additionalProperties: false,
          properties: Object.fromEntries(
            Object.entries(JSONLOGIC_OPERATORS).map(([op, description]) => [
              op,
              op === 'var'
                ? {
                    description,
                    anyOf: [{ type: ['string', 'number'] }, { type: 'array', items: {}, maxItems: 2 }],
                  }
                : { description, ...args },
            ]),
          ),
        },
      ],
    },
  },
  $ref: '#/definitions/rule',
};

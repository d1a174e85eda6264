/**
 * What a config field means, beyond its JSON type: the JSON Schema extension `x-editor`, set with
 * zod's `.meta()` and kept by `z.toJSONSchema` (input and output). The editor picks a field's
 * widget from it, the runtime finds templates to check and segment names to look up with it, and
 * a pack node that declares it gets the same treatment as a built-in.
 *
 * - `rule`: a JSONLogic rule (the rule editor).
 * - `segment`: the name of a workspace segment (a segment picker; checked to exist on save).
 * - `template`: a Liquid template the runtime renders (see `x-template`).
 * - `duration`: an ISO-8601 duration such as `P3D`, shown in words.
 * - `event-type`: an event type such as `page.viewed`.
 * - `text`: several lines of plain text.
 * - `time`: a local clock time, `HH:MM`.
 * - `timezone`: an IANA time zone such as `Europe/Berlin`.
 * - `schedule`: when a scheduled trigger runs (`{ repeat, ... }`), edited in words (once at a date
 *   and time, every day/week/month at a time, an advanced cron expression).
 * - `branches`: a list of named outputs (`{ id, label, ... }[]`, e.g. gate branches). People type
 *   the labels; the editor generates each id once and never shows it, so renaming, reordering or
 *   removing a branch leaves the edges of the others attached.
 * - `arms`: the weighted arms of an experiment (`{ id, label, weight }[]`): like `branches`, and
 *   each weight is edited as a percentage; the editor asks that they add up to 100.
 *
 * Numbers, switches, choices (enums), lists and groups need no hint: their JSON type says so.
 *
 * @example
 * ```ts
 * z.object({ when: LogicRule.meta({ title: 'When', 'x-editor': 'rule' }) });
 * ```
 */
export const EDITOR_FIELDS = [
  'rule',
  'segment',
  'template',
  'duration',
  'event-type',
  'text',
  'time',
  'timezone',
  'schedule',
  'branches',
  'arms',
] as const;
export type EditorField = (typeof EDITOR_FIELDS)[number];

/**
 * How a `template` field renders: the `x-template` extension beside `x-editor: 'template'`.
 *
 * @example
 * ```ts
 * Template.meta({ title: 'HTML body', 'x-editor': 'template', 'x-template': { format: 'html' } });
 * ```
 */
export interface TemplateFieldMeta {
  /** `html`: values are HTML-escaped when rendered and the preview shows HTML; `text`: no escaping. */
  format: 'html' | 'text';
  /** One line (an email subject): a plain text box instead of the code editor. */
  singleLine?: boolean;
}

// Typed `.meta()` keys, so a misspelt widget name fails to compile (zod's documented way to
// extend its metadata). Other keys stay free-form.
declare module 'zod/v4/core' {
  interface GlobalMeta {
    'x-editor'?: EditorField;
    'x-template'?: TemplateFieldMeta;
  }
}

import { z } from 'zod';
import { LOGIC_ROOTS } from '../../sdk/decision.js';
import { Template } from '../shared/fields.js';

/** A contact attribute name; `id` is the contact's key and cannot be changed. */
const Attribute = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]*$/, 'use letters, digits, _ and - (e.g. lifecycle_stage)')
  .refine((name) => name !== 'id', "'id' is the contact's key and cannot be changed")
  .meta({ title: 'Attribute', description: 'Contact attribute to change, e.g. lifecycle_stage' });

const SetValue = z
  .object({
    op: z.literal('set').meta({ title: 'Change', description: 'Set the attribute to a value' }),
    attribute: Attribute,
    value: Template.meta({
      'x-template': { format: 'text', singleLine: true },
      title: 'Value',
      description: 'Text, or Liquid such as {{ event.properties.plan }}; e.g. sql',
    }),
    type: z
      .enum(['text', 'number', 'boolean'])
      .default('text')
      .meta({ title: 'Stored as', description: 'How the value is stored: text, a number or yes/no' }),
  })
  .meta({ title: 'Set to a value' });

const CopyValue = z
  .object({
    op: z.literal('copy').meta({ title: 'Change', description: 'Copy a value the journey can read' }),
    attribute: Attribute,
    from: z
      .string()
      .min(1)
      .max(200)
      .refine(
        (path) => (LOGIC_ROOTS as readonly string[]).includes(path.split('.')[0] ?? ''),
        `start with one of ${LOGIC_ROOTS.join(', ')}, e.g. event.properties.plan`,
      )
      .meta({ title: 'Copy from', description: 'Where the value comes from, e.g. event.properties.plan' }),
  })
  .meta({ title: 'Copy from the event or contact' });

const Increment = z
  .object({
    op: z.literal('increment').meta({ title: 'Change', description: 'Add a number to the attribute' }),
    attribute: Attribute,
    by: z.number().finite().default(1).meta({
      title: 'Add',
      description: 'Added to the current number (missing counts as 0); negative subtracts',
    }),
  })
  .meta({ title: 'Add to a number' });

const Unset = z
  .object({
    op: z.literal('unset').meta({ title: 'Change', description: 'Remove the attribute' }),
    attribute: Attribute,
  })
  .meta({ title: 'Remove' });

export const ContactChange = z
  .discriminatedUnion('op', [SetValue, CopyValue, Increment, Unset])
  .meta({ title: 'Change', description: 'One attribute and what happens to it' });
export type ContactChange = z.infer<typeof ContactChange>;

export const UpdateContactConfig = z
  .object({
    changes: z
      .array(ContactChange)
      .min(1)
      .max(50)
      .meta({ title: 'Changes', description: 'Applied in order; a later change sees the earlier ones' }),
    syncToCrm: z.boolean().default(true).meta({
      title: 'Sync to the CRM',
      description: "Send the changes to the workspace's CRM endpoint as a contact.updated webhook",
    }),
  })
  .meta({
    title: 'Update contact',
    description: 'Sets, adds to or removes contact attributes, e.g. the lifecycle stage',
  });
export type UpdateContactConfig = z.infer<typeof UpdateContactConfig>;

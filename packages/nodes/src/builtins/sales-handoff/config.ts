import { z } from 'zod';
import { LOGIC_ROOTS } from '../../sdk/decision.js';
import { Template } from '../shared/fields.js';

const Assignee = z.string().min(1).max(320);

const ToOwner = z
  .object({
    mode: z.literal('owner').meta({ title: 'Assign to', description: 'Always the same owner' }),
    owner: Assignee.meta({ title: 'Owner', description: 'Email or CRM id of the rep, e.g. ana@acme.io' }),
  })
  .meta({ title: 'One owner' });

const RoundRobin = z
  .object({
    mode: z.literal('round-robin').meta({ title: 'Assign to', description: 'The next rep in a rotation' }),
    pool: z
      .array(Assignee)
      .min(1)
      .max(200)
      .meta({ title: 'Pool', description: 'Reps the runtime rotates through, one lead each' }),
  })
  .meta({ title: 'Round robin' });

const ByAttribute = z
  .object({
    mode: z.literal('attribute').meta({ title: 'Assign to', description: 'Chosen by a contact attribute' }),
    attribute: z
      .string()
      .min(1)
      .max(200)
      .meta({ title: 'Attribute', description: 'Contact attribute to route on, e.g. region or country' }),
    map: z
      .record(z.string(), Assignee)
      .meta({ title: 'Routing map', description: 'Attribute value → owner, e.g. emea → ana@acme.io' }),
    fallback: Assignee.meta({
      title: 'Fallback owner',
      description: 'Owner when the value is missing or unmapped',
    }),
  })
  .meta({ title: 'By attribute' });

const VarPath = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (path) => (LOGIC_ROOTS as readonly string[]).includes(path.split('.')[0] ?? ''),
    `start with one of ${LOGIC_ROOTS.join(', ')}, e.g. contact.lead_score`,
  );

export const SalesHandoffConfig = z
  .object({
    assignment: z
      .discriminatedUnion('mode', [ToOwner, RoundRobin, ByAttribute])
      .meta({ title: 'Assignment', description: 'Who receives the lead' }),
    team: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ title: 'Team', description: 'Sales team, e.g. mid-market' }),
    priority: z
      .enum(['low', 'normal', 'high', 'urgent'])
      .default('normal')
      .meta({ title: 'Priority', description: 'How fast the rep should follow up' }),
    note: Template.default('').meta({
      title: 'Note for the rep',
      description:
        'Liquid template, e.g. {{ contact.first_name }} viewed pricing and scored {{ contact.lead_score }}',
    }),
    stopMarketing: z
      .boolean()
      .default(true)
      .meta({ title: 'Stop marketing', description: 'No further marketing email once sales owns the lead' }),
    signals: z.array(VarPath).max(50).default(['contact.lead_score']).meta({
      title: 'Qualifying signals',
      description: 'Values copied onto the handoff, e.g. contact.lead_score',
    }),
  })
  .meta({
    title: 'Sales handoff',
    description: 'Hands the contact to a sales rep with the signals that qualified them',
  });
export type SalesHandoffConfig = z.infer<typeof SalesHandoffConfig>;

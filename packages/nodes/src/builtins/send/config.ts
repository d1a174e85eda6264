import { z } from 'zod';
import { Template } from '../shared/fields.js';

// Loose on purpose: "Ana from Acme <ana@acme.io>" is fine; the mailer parses addresses.
const Address = z
  .string()
  .min(3)
  .max(320)
  .regex(/@/, 'must contain an email address, e.g. Ana <ana@acme.io>');

export const SendConfig = z
  .object({
    subject: Template.min(1).meta({
      'x-template': { format: 'text', singleLine: true },
      title: 'Subject',
      description:
        "Liquid template, e.g. {{ contact.first_name | default: 'there' }}, your pricing questions",
    }),
    html: Template.optional().meta({
      'x-template': { format: 'html' },
      title: 'HTML body',
      description: 'Liquid template for the HTML part',
    }),
    text: Template.optional().meta({
      title: 'Text body',
      description: 'Liquid template for the plain-text part',
    }),
    from: Address.optional().meta({
      title: 'From',
      description: "Sender; defaults to the workspace's sender",
    }),
    replyTo: Address.optional().meta({
      title: 'Reply to',
      description: 'Where replies go, e.g. the account owner',
    }),
    reason: z.string().min(1).max(500).meta({
      title: 'Why they get this',
      description: 'Shown in the email: "You are receiving this because…"',
    }),
    category: z.enum(['marketing', 'transactional']).default('marketing').meta({
      title: 'Category',
      description: 'Marketing email respects caps, quiet hours and stop-marketing; transactional does not',
    }),
  })
  .superRefine((config, ctx) => {
    if (!config.html && !config.text) {
      ctx.addIssue({
        code: 'custom',
        path: ['html'],
        message: 'an email needs an HTML body, a text body, or both',
      });
    }
  })
  .meta({ title: 'Send email', description: 'One email rendered from Liquid templates by the runtime' });
export type SendConfig = z.infer<typeof SendConfig>;

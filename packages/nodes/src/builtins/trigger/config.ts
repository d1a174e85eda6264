import { LogicRule } from '@crossroads/graph-schema';
import { z } from 'zod';
import { EventType, SegmentName } from '../shared/fields.js';
import { Schedule } from './scheduleConfig.js';

export { SCHEDULED_RUN_EVENT, SEGMENT_ENTERED_EVENT } from '../../sdk/decision.js';

const OnEvent = z
  .object({
    on: z.literal('event').meta({ title: 'Start on', description: 'An event arrives for the contact' }),
    event: EventType.meta({
      title: 'Event type',
      description: 'The event that enrols a contact, e.g. page.viewed, form.submitted, purchase',
    }),
    filter: LogicRule.optional().meta({
      title: 'Filter',
      description:
        'Optional JSONLogic over event and contact; only matching events enrol, e.g. pricing page views',
    }),
  })
  .meta({ title: 'On an event' });

const OnSegment = z
  .object({
    on: z.literal('segment').meta({ title: 'Start on', description: 'The contact enters a segment' }),
    segment: SegmentName.meta({
      title: 'Segment',
      description: 'Name of a workspace segment; a contact is enrolled when they start matching it',
    }),
  })
  .meta({ title: 'On entering a segment' });

const OnSchedule = z
  .object({
    on: z.literal('schedule').meta({ title: 'Start on', description: 'At set times, for a segment' }),
    segment: SegmentName.meta({
      title: 'Who',
      description: 'The segment whose contacts enter the journey at each run',
    }),
    schedule: Schedule.default({ repeat: 'daily', time: '09:00', zone: 'journey' }),
  })
  .meta({ title: 'On a schedule' });

export const TriggerConfig = z
  .discriminatedUnion('on', [OnEvent, OnSegment, OnSchedule])
  .meta({ title: 'Trigger', description: 'What starts this journey for a contact' });
export type TriggerConfig = z.infer<typeof TriggerConfig>;

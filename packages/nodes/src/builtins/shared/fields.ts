import { LIMITS } from '@crossroads/graph-schema';
import { z } from 'zod';

const NAME = /^[A-Za-z0-9_.:-]+$/;

/** An event type such as `page.viewed` or `purchase`. */
export const EventType = z
  .string()
  .min(1)
  .max(200)
  .regex(NAME, 'use letters, digits and _ . : - (e.g. page.viewed)')
  .meta({ 'x-editor': 'event-type' });

/** The name of a workspace segment, e.g. `hot-leads`. */
export const SegmentName = z
  .string()
  .min(1)
  .max(200)
  .regex(NAME, 'use letters, digits and _ . : - (e.g. hot-leads)')
  .meta({ 'x-editor': 'segment' });

/**
 * A Liquid template; the runtime renders it and checks its syntax at save time. Plain text unless
 * a field says `'x-template': { format: 'html' }`.
 */
export const Template = z
  .string()
  .max(LIMITS.maxStringLength)
  .meta({ 'x-editor': 'template', 'x-template': { format: 'text' } });

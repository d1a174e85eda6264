import { LIMITS } from '@crossroads/graph-schema';
import { z } from 'zod';

const NAME = /^[A-Za-z0-9_.:-]+$/;

/** An event type such as `page.viewed` or `purchase`. */
export const EventType = z
  .string()
  .min(1)
  .max(200)
  .regex(NAME, 'use letters, digits and _ . : - (e.g. page.viewed)');

/** The name of a workspace segment, e.g. `hot-leads`. */
export const SegmentName = z
  .string()
  .min(1)
  .max(200)
  .regex(NAME, 'use letters, digits and _ . : - (e.g. hot-leads)');

/** A Liquid template; the runtime renders it and checks its syntax at save time. */
export const Template = z.string().max(LIMITS.maxStringLength);

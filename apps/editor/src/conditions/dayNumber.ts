/**
 * Dates in JSONLogic. json-logic-js has no date operators and rules see instants as ISO-8601
 * text (`now` is `2026-11-24T10:00:00.000Z`), so "within the last N days" is spelled with the
 * text and arithmetic operators every JSONLogic engine has: the calendar date written at the start
 * of the text becomes a day number, and two day numbers subtract to whole days.
 *
 * day = 365·year + ⌊(year − [month ≤ 2]) / 4⌋ + (days before the month) + day of month
 *
 * counts leap days with the every-fourth-year rule, exact for dates from 1901 to 2099; the
 * constant offset from a true epoch day cancels out in differences. Text that is not a date
 * (a missing field reads as "null") gives NaN, and every comparison with NaN is false.
 */

/** Days before each month of a common year, three digits a month: `substr` looks them up. */
export const MONTH_STARTS = '000031059090120151181212243273304334';

/** The JSONLogic expression of the day number of the date at the start of `text` (an expression). */
export function dayNumber(text: unknown): unknown {
  const year = { substr: [text, 0, 4] };
  const month = { substr: [text, 5, 2] };
  const day = { substr: [text, 8, 2] };
  // January and February count the leap day of the year before.
  const leapYear = { '-': [year, { '<=': [month, 2] }] };
  return {
    '+': [
      { '*': [year, 365] },
      { '/': [{ '-': [leapYear, { '%': [leapYear, 4] }] }, 4] },
      { substr: [MONTH_STARTS, { '*': [{ '-': [month, 1] }, 3] }, 3] },
      day,
    ],
  };
}

/** Whole days from the field's date to today's (UTC dates as written): today − date. */
export function daysAgo(field: unknown): unknown {
  return { '-': [dayNumber({ var: 'now' }), dayNumber(field)] };
}

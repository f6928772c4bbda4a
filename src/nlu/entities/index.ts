import { parseAmount, type Amount } from './amount';
import { parseDate } from './date';
import { parseMyKad, type MyKad, type MyKadInvalidReason } from './mykad';
import { parsePassportNumber } from './passport';
import { parsePeriod } from './period';
import { parsePhone } from './phone';
import { parsePlate, type Plate } from './plate';
import { parseYesNo, type YesNo } from './yesNo';

export { parseAmount, type Amount } from './amount';
export { parseChoice, type Choice, type ChoiceOption } from './choice';
export { extractCommand, type Command } from './command';
export { parseDate } from './date';
export { parseMyKad, type MyKad, type MyKadInvalidReason, type MyKadResult } from './mykad';
export { placeOfBirth, ASSIGNED_PLACE_OF_BIRTH_CODES, type PlaceOfBirth } from './placeOfBirth';
export { parsePassportNumber } from './passport';
export { parsePeriod, type Period } from './period';
export { parsePhone } from './phone';
export { parsePlate, type Plate, type PlateRegion } from './plate';
export { parseYesNo, type YesNo } from './yesNo';

/** Everything the extractors found in one message. A type alias (not an interface) so it is a plain record. */
export type Entities = {
  mykad?: MyKad;
  /** Set when the text holds something MyKad-shaped that fails the local check — the flow explains why. */
  mykadInvalid?: MyKadInvalidReason;
  plate?: Plate;
  passport?: string;
  phone?: string;
  months?: number;
  years?: number;
  yesNo?: YesNo;
  amount?: Amount;
  date?: string;
};

export interface ExtractionContext {
  today?: Date;
}

export function extractAll(text: string, ctx: ExtractionContext = {}): Entities {
  const today = ctx.today ?? new Date();
  const entities: Entities = {};
  // A MyKad, passport, phone number, amount or plate always holds a digit; most messages hold none
  // ("berapa harga roadtax?"), and skip those patterns. Dates, periods and yes/no are words too.
  const hasDigit = /\d/.test(text);
  let rest = text;
  if (hasDigit) {
    const mykad = parseMyKad(text, { today });
    if (mykad.ok) entities.mykad = mykad.mykad;
    else if (mykad.reason !== 'not_found') entities.mykadInvalid = mykad.reason;

    // Take identifiers out before looking for the smaller shapes, so a MyKad's digits are never
    // read as a date, a phone or a plate number.
    rest = rest.replace(/(?<![\d+])\d{6}[\s-]?\d{2}[\s-]?\d{4}(?!\d)/g, ' ');
    const passport = parsePassportNumber(rest);
    if (passport) {
      entities.passport = passport;
      rest = rest.replace(/(?<![A-Za-z0-9])[A-Za-z]\s?\d{8}(?![0-9])/, ' ');
    }
    const phone = parsePhone(rest);
    if (phone) {
      entities.phone = phone;
      rest = rest.replace(/(?<!\d)(\+?\s?6?0)[\s-]?\d[\d\s-]{6,13}\d(?!\d)/, ' ');
    }
    const amount = parseAmount(rest);
    if (amount) {
      entities.amount = amount;
      rest = rest.replace(/(?<![a-z])rm\s?[\d,]+(?:\.\d{1,2})?/i, ' ');
    }
  }
  const date = parseDate(rest, today);
  if (date) entities.date = date;
  const period = parsePeriod(rest);
  if (period) {
    entities.months = period.months;
    if (period.years !== undefined) entities.years = period.years;
  }
  if (hasDigit) {
    const plate = parsePlate(rest.replace(/(?<![\w])\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?/g, ' '));
    if (plate) entities.plate = plate;
  }
  const yesNo = parseYesNo(text);
  if (yesNo) entities.yesNo = yesNo;
  return entities;
}

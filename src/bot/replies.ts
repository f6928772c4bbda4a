import { ActionTypes, type Activity, type CardAction, MessageFactory } from 'botbuilder';
import { t } from '../i18n/catalog';
import type { Lang } from '../i18n/lang';
import type { ServiceId } from '../flows/types';
import type { MessageKey } from '../i18n/catalog';

/** The service menu, in display order, with the catalogue key of each label. */
export const MENU: ReadonlyArray<{ service: ServiceId; label: MessageKey }> = [
  { service: 'jpj.roadtax.renew', label: 'menu.roadtax' },
  { service: 'jpj.licence.renew', label: 'menu.licence' },
  { service: 'jpj.summons.check', label: 'menu.summons' },
  { service: 'jpj.demerit.check', label: 'menu.demerit' },
  { service: 'jim.passport.renew', label: 'menu.passport' },
  { service: 'jim.passport.status', label: 'menu.passportStatus' },
  { service: 'jim.travel.check', label: 'menu.travel' },
  { service: 'appointment.book', label: 'menu.appointment' },
];

/** A tapped menu button sends its label back; match it in either language so a switch mid-way still works. */
export function serviceFromMenuLabel(text: string): ServiceId | undefined {
  const wanted = text.trim().toLowerCase();
  return MENU.find(({ label }) => t('ms', label).toLowerCase() === wanted || t('en', label).toLowerCase() === wanted)?.service;
}

/**
 * Buttons are imBack actions whose value is the visible label: every channel can show them
 * (buttons, keyboards, or numbered text) and a citizen typing the label gets the same result.
 */
export function choices(labels: readonly string[]): CardAction[] {
  return labels.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label }));
}

export function withChoices(text: string, labels: readonly string[]): Partial<Activity> {
  return MessageFactory.suggestedActions(choices(labels), text);
}

export function menuReply(lang: Lang, text = t(lang, 'menu.prompt')): Partial<Activity> {
  return withChoices(text, MENU.map(({ label }) => t(lang, label)));
}

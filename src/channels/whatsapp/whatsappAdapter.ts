import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { t } from '../../i18n/catalog';
import type { Lang } from '../../i18n/lang';
import type { Logger } from '../../observability/logger';
import type { ChoiceTokens } from '../shared/choiceTokens';
import { langOfReply } from '../shared/language';
import type { NumberedChoiceMemory } from '../shared/numberedChoices';
import { PlainChannelAdapter } from '../shared/plainChannelAdapter';
import { addressed, type HeldMessages, type HeldReply } from './heldMessages';
import { templateMessage, whatsappReply, type WhatsAppReply } from './outgoingMessages';
import type { ServiceWindow } from './serviceWindow';
import { OutsideServiceWindowError, type WhatsAppApi } from './whatsappApi';

/** Whether this turn may send free-form messages; decided once per turn, closed for good by a 131047. */
const WINDOW_OPEN = Symbol('khidmat.whatsapp.windowOpen');

/** What the adapter does with replies outside the citizen's 24-hour customer service window. */
export interface OutsideWindowDeps {
  window: ServiceWindow;
  held: HeldMessages;
  /** WHATSAPP_TEMPLATE_NAME. Without it the replies are still kept; the citizen just gets no notice. */
  templateName?: string;
}

/**
 * Sends the bot's replies through the WhatsApp Cloud API: text, and the suggested actions as reply
 * buttons, a list, or a numbered list (remembered, so "2" is understood as the second choice).
 *
 * Outside the citizen's 24-hour window (a receipt after a late payment, an officer's reply) Meta
 * takes only a template. The replies are then kept, in order, and the citizen gets one template
 * saying there is an update; their answer reopens the window and the webhook sends what was kept
 * (`deliverKept`) before handling it.
 */
export class WhatsAppAdapter extends PlainChannelAdapter {
  // The turn each outgoing activity belongs to: deliverMessage gets only the activity, and a 131047
  // must switch the rest of that turn (not another conversation's) to keeping.
  private readonly turnOf = new WeakMap<Partial<Activity>, TurnContext>();
  private warnedNoTemplate = false;

  constructor(
    private readonly api: WhatsAppApi,
    private readonly tokens: ChoiceTokens,
    private readonly numbered: NumberedChoiceMemory,
    private readonly defaultLang: Lang,
    logger: Logger,
    private readonly outside: OutsideWindowDeps,
  ) {
    super('whatsapp', logger);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message && !(await this.windowOpen(context))) {
        await this.keepActivity(activity).catch((err) =>
          this.logger.error({ err, channel: 'whatsapp' }, 'a reply outside the 24-hour window could not be kept'),
        );
        responses.push({ id: '' });
        continue;
      }
      this.turnOf.set(activity, context);
      responses.push(...(await super.sendActivities(context, [activity])));
    }
    return responses;
  }

  protected async deliverMessage(activity: Partial<Activity>): Promise<string | undefined> {
    const to = activity.conversation?.id;
    if (!to) throw new TypeError('a WhatsApp reply needs the wa_id as conversation id');
    const lang = langOfReply(activity, this.defaultLang);
    const reply = await whatsappReply(activity, to, lang, this.tokens);
    const context = this.turnOf.get(activity);
    // Meta may accept a message and refuse it later (see keepRefused): not when the turn answers what
    // the citizen wrote a moment ago.
    const mayBeRefusedLater = !context || !this.answersRecentMessage(context);
    let lastId: string | undefined;
    for (const [index, message] of reply.messages.entries()) {
      try {
        lastId = await this.api.sendMessage(message);
        if (mayBeRefusedLater) await this.rememberSent(to, lastId, lang, message, index === reply.messages.length - 1 ? reply.numbered : undefined);
      } catch (err) {
        if (!(err instanceof OutsideServiceWindowError) || !context) throw err;
        // Meta says the window has closed (clock skew, or it closed meanwhile): keep this and the rest of the turn.
        context.turnState.set(WINDOW_OPEN, false);
        await this.keep(to, lang, [{ messages: reply.messages.slice(index), numbered: reply.numbered }]);
        return lastId;
      }
    }
    if (reply.messages.length > 0) await this.rememberChoices(to, reply.numbered);
    return lastId;
  }

  /** The Cloud API has no typing indicator on its own; replies are quick enough without one. */
  protected async deliverTyping(): Promise<void> {}

  /**
   * Sends what was kept for `to` while their window was closed, in order. Called under the
   * conversation lock when they write again (`wroteAt`: when WhatsApp received that message). What
   * cannot be sent now is kept for the next time (with a new notice if Meta still says the window is closed).
   */
  async deliverKept(to: string, wroteAt?: Date): Promise<void> {
    const batch = await this.outside.held.peek(to);
    if (!batch) return;
    // The store always holds what is still to send: a crash or a failed send mid-way loses nothing,
    // and what went out is not sent again.
    const remaining = (r: number, m: number): HeldReply[] => [
      { messages: batch.replies[r]!.messages.slice(m), numbered: batch.replies[r]!.numbered },
      ...batch.replies.slice(r + 1),
    ];
    // A late redelivery of their message may not have opened the window by Meta's clock.
    const mayBeRefusedLater = !wroteAt || !this.outside.window.surelyOpenSince(wroteAt);
    for (const [r, reply] of batch.replies.entries()) {
      for (const [m, message] of reply.messages.entries()) {
        try {
          const id = await this.api.sendMessage(addressed(message, to));
          if (mayBeRefusedLater) await this.rememberSent(to, id, batch.lang, message, m === reply.messages.length - 1 ? reply.numbered : undefined);
        } catch (err) {
          this.logger.warn({ err, channel: 'whatsapp' }, 'kept messages not delivered; kept for the next message');
          if (err instanceof OutsideServiceWindowError) {
            // The window closed again: the rest waits for the next message, announced anew.
            await this.outside.held.leaveOnly(to, { ...batch, notified: false, replies: remaining(r, m) }).catch(() => undefined);
            await this.keep(to, batch.lang, []);
          }
          return;
        }
        await this.outside.held.leaveOnly(to, { ...batch, replies: remaining(r, m + 1) }).catch((err) =>
          this.logger.warn({ err, channel: 'whatsapp' }, 'progress of kept messages not saved'),
        );
      }
      await this.rememberChoices(to, reply.numbered);
    }
  }

  /**
   * Meta's status webhook reports that a message it had accepted (`wamid`) was not delivered, the
   * citizen's window having closed by its clock (131047, at `refusedAt`): the message is kept, with
   * the notice, as if it had been refused when sent — or, when the citizen has written since (statuses
   * and messages come in no set order), sent again now. `notify: false` when a message of theirs in
   * the same delivery will bring it. False when it is not remembered (sent over a day ago, or kept
   * already: a repeated status). Called under the conversation lock; throws when it could not be
   * kept, so that the webhook asks Meta to send the status again.
   */
  async keepRefused(to: string, wamid: string, options: { refusedAt: number; notify: boolean }): Promise<boolean> {
    const sent = await this.outside.held.sentMessage(to, wamid);
    if (!sent) return false;
    // Forgotten first, so that a repeated status finds nothing even if it comes while this is kept.
    await this.outside.held.forgetSent(to, wamid);
    const wrote = await this.outside.window.lastWrote(to).catch(() => undefined);
    const reopened = wrote !== undefined && wrote > options.refusedAt;
    if (!(await this.keep(to, sent.lang, [sent.reply], { notify: options.notify && !reopened }))) {
      // Remembered again for the status Meta sends again.
      await this.outside.held.rememberSent(to, wamid, sent.lang, sent.reply).catch(() => undefined);
      throw new Error('a message refused after it was sent could not be kept');
    }
    if (reopened) await this.deliverKept(to, new Date(wrote));
    return true;
  }

  /** A status said the message was delivered: Meta will not refuse it now. */
  async delivered(to: string, wamid: string): Promise<void> {
    await this.outside.held.forgetSent(to, wamid);
  }

  /** Whether the turn answers what the citizen wrote a moment ago: their window is then open for certain. */
  private answersRecentMessage(context: TurnContext): boolean {
    const { type, timestamp } = context.activity;
    return type === ActivityTypes.Message && timestamp !== undefined && this.outside.window.surelyOpenSince(new Date(timestamp));
  }

  private async windowOpen(context: TurnContext): Promise<boolean> {
    const known = context.turnState.get(WINDOW_OPEN);
    if (typeof known === 'boolean') return known;
    const to = context.activity.conversation?.id;
    // A turn the citizen's own recent message started needs no lookup: that message opened the window.
    const { type, timestamp } = context.activity;
    const answeringRecentMessage = type === ActivityTypes.Message && timestamp !== undefined && this.outside.window.openSince(new Date(timestamp));
    const open = !to || answeringRecentMessage || (await this.outside.window.isOpen(to).catch((err) => {
      // Try free-form: if the window has in fact closed, Meta's 131047 brings us back to keeping.
      this.logger.warn({ err, channel: 'whatsapp' }, 'customer service window unknown; sending as if open');
      return true;
    }));
    context.turnState.set(WINDOW_OPEN, open);
    return open;
  }

  private async keepActivity(activity: Partial<Activity>): Promise<void> {
    const to = activity.conversation?.id;
    if (!to) throw new TypeError('a WhatsApp reply needs the wa_id as conversation id');
    const lang = langOfReply(activity, this.defaultLang);
    const reply = await whatsappReply(activity, to, lang, this.tokens);
    if (reply.messages.length > 0) await this.keep(to, lang, [reply]);
  }

  /**
   * Adds replies to what is kept for `to`, and sends the template notice once per batch. False when
   * they could not be kept (logged); a notice that could not be sent is tried again with the next.
   */
  private async keep(to: string, lang: Lang, replies: Array<WhatsAppReply | HeldReply>, options: { notify: boolean } = { notify: true }): Promise<boolean> {
    let notified: boolean;
    try {
      notified = (await this.outside.held.add(to, lang, replies)).notified;
    } catch (err) {
      this.logger.error({ err, channel: 'whatsapp' }, 'a reply outside the 24-hour window could not be kept');
      return false;
    }
    this.logger.info({ channel: 'whatsapp', messages: replies.reduce((n, reply) => n + reply.messages.length, 0) }, 'outside the 24-hour window: messages kept until the citizen writes');
    if (notified || !options.notify) return true;
    const name = this.outside.templateName;
    if (!name) {
      if (!this.warnedNoTemplate) {
        this.warnedNoTemplate = true;
        this.logger.warn({ channel: 'whatsapp' }, 'WHATSAPP_TEMPLATE_NAME is not set: messages outside the 24-hour window are kept until the citizen writes, with no notice');
      }
      return true;
    }
    try {
      await this.api.sendMessage(templateMessage(to, name, lang, t(lang, 'whatsapp.updateWaiting')));
      await this.outside.held.markNotified(to);
    } catch (err) {
      // The replies stay kept; the next message for this citizen tries the notice again.
      this.logger.warn({ err, channel: 'whatsapp' }, 'template notice not sent');
    }
    return true;
  }

  /**
   * Remembers a free-form message Meta accepted, in case it refuses it later (see keepRefused), with
   * the numbered choices when it carries the list; a failure only loses that chance.
   */
  private async rememberSent(to: string, wamid: string, lang: Lang, message: HeldReply['messages'][number], numbered: string[] | undefined): Promise<void> {
    if (!wamid) return;
    await this.outside.held.rememberSent(to, wamid, lang, { messages: [message], ...(numbered ? { numbered } : {}) }).catch((err) =>
      this.logger.warn({ err, channel: 'whatsapp' }, 'a sent message was not remembered; a later refusal of it could not be kept'),
    );
  }

  private async rememberChoices(to: string, numbered: string[] | undefined): Promise<void> {
    const key = `whatsapp:${to}`;
    await (numbered ? this.numbered.remember(key, numbered) : this.numbered.forget(key)).catch((err) =>
      this.logger.warn({ err, channel: 'whatsapp' }, 'numbered choices not remembered'),
    );
  }
}

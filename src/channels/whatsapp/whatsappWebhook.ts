import { TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { LockTimeoutError } from '../../state/conversationLock';
import type { ChoiceTokens } from '../shared/choiceTokens';
import type { NumberedChoiceMemory } from '../shared/numberedChoices';
import { runChannelTurn } from '../shared/runChannelTurn';
import { sameSecret, validHmacSignature } from '../shared/secrets';
import type { ChannelDeps } from '../types';
import { saidText, whatsappActivity } from './inboundActivity';
import type { ServiceWindow } from './serviceWindow';
import type { WhatsAppAdapter } from './whatsappAdapter';
import { OUTSIDE_SERVICE_WINDOW } from './whatsappApi';
import { DeliveryStatusSchema, WhatsAppWebhookSchema, type WhatsAppInboundMessage } from './whatsappPayload';

export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';

interface WhatsAppWebhookDeps {
  deps: ChannelDeps;
  adapter: WhatsAppAdapter;
  tokens: ChoiceTokens;
  numbered: NumberedChoiceMemory;
  window: ServiceWindow;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
}

/** GET /api/whatsapp: Meta's subscription check — echo the challenge only to someone who knows the verify token. */
export function whatsappVerification(w: Pick<WhatsAppWebhookDeps, 'verifyToken'>) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || typeof token !== 'string' || !sameSecret(token, w.verifyToken) || typeof challenge !== 'string' || challenge.length > 256) {
      res.send(403, { error: { code: 'FORBIDDEN', message: 'verification failed' } });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(challenge);
  };
}

/**
 * POST /api/whatsapp. Trusted only with a valid `X-Hub-Signature-256` over the raw body. Every
 * well-signed payload is answered 200 — including delivery statuses and messages for another
 * number — because Meta retries anything else (503 only when a message or status could not be
 * handled yet); each message is handled once, in order.
 */
export function whatsappWebhook(w: WhatsAppWebhookDeps) {
  const { deps } = w;
  return async (req: Request, res: Response): Promise<void> => {
    const raw = (req as unknown as { rawBody?: unknown }).rawBody;
    const body = typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : '';
    if (!validHmacSignature(body, req.header(WHATSAPP_SIGNATURE_HEADER) || undefined, w.appSecret)) {
      res.send(401, { error: { code: 'BAD_SIGNATURE', message: 'signature missing or wrong' } });
      return;
    }
    const parsed = WhatsAppWebhookSchema.safeParse(req.body);
    if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') {
      deps.logger.warn({ channel: 'whatsapp' }, 'webhook payload not understood; acknowledged and ignored');
      res.send(200, {});
      return;
    }
    let busy = false;
    for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
      if (change.field !== 'messages') continue;
      const value = change.value;
      if (value.metadata && value.metadata.phone_number_id !== w.phoneNumberId) {
        deps.logger.info({ channel: 'whatsapp' }, 'payload for another phone number ignored');
        continue;
      }
      // Statuses first: a message refused for the closed window is then kept, and a message from the
      // citizen in the same delivery brings it to them (so it needs no notice).
      const writing = new Set((value.messages ?? []).map((message) => message.from));
      for (const status of value.statuses ?? []) {
        if ((await handleStatus(w, status, writing)) === 'busy') busy = true;
      }
      for (const message of value.messages ?? []) {
        const name = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name;
        if ((await handleMessage(w, message, name)) === 'busy') busy = true;
      }
    }
    if (busy) {
      res.send(503, { error: { code: 'BUSY', message: 'try again' } });
      return;
    }
    res.send(200, {});
  };
}

/** The lock a citizen's turns, kept messages and refused ones share. */
const lockKeyOf = (waId: string) => `whatsapp:${waId}`;

/**
 * A message Meta accepted and then did not deliver because, by its clock, the citizen's 24-hour
 * window had closed (status "failed", 131047) is kept, with the notice, like one refused when sent.
 * Delivered, it is forgotten. Other statuses need nothing from us.
 */
async function handleStatus(w: WhatsAppWebhookDeps, raw: unknown, writing: ReadonlySet<string>): Promise<'done' | 'busy'> {
  const parsed = DeliveryStatusSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.recipient_id) return 'done';
  const { id, status, recipient_id: to, timestamp, errors } = parsed.data;
  // "read" always follows "delivered": forgetting once is enough.
  if (status === 'delivered') {
    await w.adapter.delivered(to, id).catch(() => undefined);
    return 'done';
  }
  if (status !== 'failed' || !errors?.some((error) => error.code === OUTSIDE_SERVICE_WINDOW)) return 'done';
  const seconds = Number(timestamp);
  const refusedAt = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now();
  try {
    const kept = await w.deps.backend.lock.run(lockKeyOf(to), () => w.adapter.keepRefused(to, id, { refusedAt, notify: !writing.has(to) }));
    if (!kept) w.deps.logger.info({ channel: 'whatsapp' }, 'a message refused for the closed window is not remembered (sent over a day ago, or kept already)');
    return 'done';
  } catch (err) {
    // Answered 503: Meta sends the status again, and the message is kept then.
    if (!(err instanceof LockTimeoutError)) w.deps.logger.warn({ err, channel: 'whatsapp' }, 'a message refused for the closed window not kept yet; Meta will send the status again');
    return 'busy';
  }
}

async function handleMessage(w: WhatsAppWebhookDeps, message: WhatsAppInboundMessage, name: string | undefined): Promise<'done' | 'busy'> {
  const { deps } = w;
  if (!(await deps.backend.dedupe.firstTime('whatsapp', message.id).catch(() => true))) return 'done';
  try {
    // Any message from the citizen (text, tap, media) opens their 24-hour window again.
    await w.window.citizenWrote(message.from, message.timestamp).catch((err) => deps.logger.warn({ err, channel: 'whatsapp' }, 'customer service window not recorded'));
    const said = await saidText(message, w.tokens);
    // Read against the list they last saw, before anything kept (maybe with a list of its own) goes out.
    const text = said.typed ? await w.numbered.resolve(`whatsapp:${message.from}`, said.text) : said.text;
    // What they are owed from while the window was closed comes first, then the answer to this message.
    const wroteAt = Number(message.timestamp) > 0 ? new Date(Number(message.timestamp) * 1000) : new Date();
    await deps.backend.lock.run(lockKeyOf(message.from), () => w.adapter.deliverKept(message.from, wroteAt));
    const activity = whatsappActivity({ message, text, name, phoneNumberId: w.phoneNumberId, serviceUrl: deps.config.WHATSAPP_API_URL });
    const outcome = await runChannelTurn(deps, new TurnContext(w.adapter, activity));
    if (outcome === 'busy') await deps.backend.dedupe.forget('whatsapp', message.id).catch(() => undefined);
    return outcome;
  } catch (err) {
    if (!(err instanceof LockTimeoutError)) deps.logger.error({ err, channel: 'whatsapp' }, 'message could not be handled');
    await deps.backend.dedupe.forget('whatsapp', message.id).catch(() => undefined);
    return 'busy';
  }
}

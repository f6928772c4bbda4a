import type { TurnContext } from 'botbuilder';
import { TURN_LANG } from '../../bot/khidmatBot';
import { t } from '../../i18n/catalog';
import { isLang } from '../../i18n/lang';
import { LockTimeoutError } from '../../state/conversationLock';
import { StaleWriteError } from '../../state/storageErrors';
import type { ChannelDeps } from '../types';

/** `done`: the turn ran (or failed and the citizen was told). `busy`: it never started; let the platform redeliver. */
export type TurnOutcome = 'done' | 'busy';

/**
 * Runs one inbound message through the bot the way CloudAdapter's onTurnError does for
 * /api/messages: a failure inside the bot is logged and the citizen gets an apology in their
 * language, so the webhook still answers and the platform does not redeliver a half-done turn.
 */
export async function runChannelTurn(deps: Pick<ChannelDeps, 'runTurn' | 'logger' | 'config'>, context: TurnContext): Promise<TurnOutcome> {
  try {
    await deps.runTurn(context);
    return 'done';
  } catch (err) {
    if (err instanceof LockTimeoutError) return 'busy';
    deps.logger.error({ err, channel: context.activity.channelId }, 'turn failed');
    const settled = context.turnState.get(TURN_LANG);
    const lang = isLang(settled) ? settled : deps.config.DEFAULT_LANGUAGE;
    await context.sendActivity(t(lang, err instanceof StaleWriteError ? 'error.busy' : 'error.generic')).catch(() => undefined);
    return 'done';
  }
}

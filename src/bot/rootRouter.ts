import { t } from '../i18n/catalog';
import type { Turn, TurnRouter } from './khidmatBot';
import { menuReply } from './replies';

/**
 * Routes an understood message. Services, knowledge answers and handoff plug in here as they are
 * built; what is not recognised gets an honest "I did not understand" with the menu as a way forward.
 */
export class RootRouter implements TurnRouter {
  async route(turn: Turn): Promise<void> {
    const { context, lang, understanding } = turn;
    switch (understanding.command ?? understanding.intent) {
      case 'greeting':
      case 'menu':
      case 'switch_language':
        await context.sendActivity(menuReply(lang));
        return;
      case 'help':
        await context.sendActivity(menuReply(lang, t(lang, 'help.text')));
        return;
      default:
        await context.sendActivity(menuReply(lang, t(lang, 'fallback.notUnderstood')));
    }
  }
}

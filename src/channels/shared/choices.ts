import { ActionTypes, type Activity } from 'botbuilder';

/** A button the bot offers: `label` is shown, `value` is what the citizen "says" by choosing it. */
export interface Choice {
  label: string;
  value: string;
}

/** A link the bot offers alongside (openUrl); shown as a link, never as a reply button. */
export interface LinkChoice {
  label: string;
  url: string;
}

/** The reply buttons (imBack/postBack/messageBack) and links (openUrl) of a reply's suggested actions. */
export function choicesOf(activity: Partial<Activity>): { choices: Choice[]; links: LinkChoice[] } {
  const choices: Choice[] = [];
  const links: LinkChoice[] = [];
  for (const action of activity.suggestedActions?.actions ?? []) {
    const title = typeof action.title === 'string' ? action.title.trim() : '';
    if (action.type === ActionTypes.OpenUrl) {
      if (typeof action.value === 'string' && action.value) links.push({ label: title || action.value, url: action.value });
      continue;
    }
    if (action.type === ActionTypes.ImBack || action.type === ActionTypes.PostBack || action.type === ActionTypes.MessageBack) {
      const said = action.type === ActionTypes.MessageBack ? (action.text ?? action.displayText ?? action.value) : action.value;
      const value = typeof said === 'string' && said.trim() ? said.trim() : title;
      if (value) choices.push({ label: title || value, value });
    }
  }
  return { choices, links };
}

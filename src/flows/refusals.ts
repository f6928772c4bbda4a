import { explainReason, needsCounter, type Reason } from '../agencies/reasons';
import type { Bilingual } from '../i18n/lang';
import type { Outcome } from './definition';
import { joinBilingual } from './format';

/**
 * An agency's refusal reasons → what the citizen reads and the way forward the bot offers:
 * pay a blocking summons right here, or book a counter for what cannot be done online.
 */
export function refusal(reasons: readonly Reason[], agency: 'JPJ' | 'JIM', extra: Bilingual[] = []): Outcome {
  const explained = reasons.map((reason) => explainReason(reason));
  const text = joinBilingual([...explained.flatMap((info) => [info.explanation, info.wayForward]), ...extra]);
  const code = reasons[0]?.code ?? 'NOT_ELIGIBLE_ONLINE';
  const blocking = reasons.find((reason) => reason.code === 'SUMMONS_BLACKLIST' && reason.summonsIds?.length);
  if (blocking && reasons.every((reason) => explainReason(reason).fixableOnline)) {
    const ids = blocking.summonsIds!;
    return {
      kind: 'refused',
      reason: code,
      text,
      next: {
        kind: 'flow',
        service: 'jpj.summons.check',
        presets: { summonsIds: ids },
        offer: {
          ms: `Mahu bayar saman ${ids.join(', ')} sekarang? Selepas itu saya akan sambung urusan ini.`,
          en: `Would you like to pay summons ${ids.join(', ')} now? I will then carry on with this.`,
        },
      },
    };
  }
  if (needsCounter([...reasons])) {
    return { kind: 'refused', reason: code, text, next: { kind: 'counter', agency, purpose: { ms: code, en: code } } };
  }
  return { kind: 'refused', reason: code, text };
}

import type { Lang } from '../i18n/lang';
import { ringgit } from './rules/money';
import type { PaymentRecord } from './state';

/** The simulated FPX banks on the payment page. */
export const BANKS = [
  { id: 'MBB', name: 'Maybank2u' },
  { id: 'CIMB', name: 'CIMB Clicks' },
  { id: 'PBB', name: 'Public Bank' },
  { id: 'RHB', name: 'RHB Now' },
  { id: 'HLB', name: 'Hong Leong Connect' },
  { id: 'AMB', name: 'AmBank' },
  { id: 'BIMB', name: 'Bank Islam' },
  { id: 'BKRM', name: 'Bank Rakyat' },
  { id: 'BSN', name: 'BSN' },
] as const;

const T = {
  title: { ms: 'Pembayaran FPX (simulasi)', en: 'FPX payment (simulation)' },
  sandboxNote: { ms: 'Ini gerbang pembayaran simulasi. Tiada wang sebenar digunakan.', en: 'This is a simulated payment gateway. No real money is used.' },
  merchant: { ms: 'Penerima', en: 'Payee' },
  description: { ms: 'Butiran', en: 'Details' },
  reference: { ms: 'Rujukan', en: 'Reference' },
  amount: { ms: 'Jumlah', en: 'Amount' },
  chooseBank: { ms: 'Pilih bank anda', en: 'Choose your bank' },
  pay: { ms: 'Bayar', en: 'Pay' },
  cancel: { ms: 'Batal', en: 'Cancel' },
  otherLang: { ms: 'English', en: 'Bahasa Melayu' },
  paid: { ms: 'Pembayaran berjaya. Anda boleh kembali ke perbualan; resit akan dihantar di sana.', en: 'Payment successful. You can go back to the conversation; the receipt will be sent there.' },
  cancelled: { ms: 'Pembayaran dibatalkan. Tiada caj dikenakan.', en: 'Payment cancelled. Nothing was charged.' },
  back: { ms: 'Kembali ke perbualan', en: 'Back to the conversation' },
  noBank: { ms: 'Sila pilih bank sebelum membayar.', en: 'Please choose a bank before paying.' },
  notFound: { ms: 'Pembayaran ini tidak wujud.', en: 'This payment does not exist.' },
} as const;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a;line-height:1.5}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
.note{background:#fff4d6;border:1px solid #8a6d00;padding:.5rem .75rem;border-radius:.375rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;background:#fff;padding:1rem;border-radius:.5rem;border:1px solid #c4c9cf}
dt{font-weight:600}dd{margin:0}
fieldset{border:1px solid #c4c9cf;border-radius:.5rem;background:#fff;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;padding:.4rem 0;cursor:pointer}
.actions{display:flex;gap:.75rem}
button{font:inherit;padding:.65rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f8a;cursor:pointer}
button[value=pay]{background:#0b4f8a;color:#fff}
button[value=cancel]{background:#fff;color:#0b4f8a}
a{color:#0b4f8a}
:focus-visible{outline:3px solid #d35400;outline-offset:2px}
.error{color:#a00000;font-weight:600}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;

function layout(lang: Lang, body: string, otherLangHref: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${T.title[lang]}</title><style>${STYLE}</style></head>
<body><main>
<p><a href="${escape(otherLangHref)}" lang="${lang === 'ms' ? 'en' : 'ms'}">${T.otherLang[lang]}</a></p>
<h1>${T.title[lang]}</h1>
<p class="note" role="note">${T.sandboxNote[lang]}</p>
${body}
</main></body></html>`;
}

function summary(lang: Lang, payment: PaymentRecord): string {
  return `<dl>
<dt>${T.merchant[lang]}</dt><dd>Khidmat</dd>
<dt>${T.description[lang]}</dt><dd>${escape(payment.description)}</dd>
<dt>${T.reference[lang]}</dt><dd>${escape(payment.reference)}</dd>
<dt>${T.amount[lang]}</dt><dd><strong>RM${ringgit(payment.amountSen)}</strong></dd>
</dl>`;
}

export function payPage(lang: Lang, payment: PaymentRecord, actionUrl: string, error?: 'noBank'): string {
  if (payment.status !== 'PENDING') return resultPage(lang, payment, actionUrl);
  const banks = BANKS.map(
    (b, i) => `<label for="bank-${b.id}"><input type="radio" id="bank-${b.id}" name="bank" value="${b.id}"${i === 0 ? ' required' : ''}> ${b.name}</label>`,
  ).join('\n');
  const body = `${summary(lang, payment)}
<form method="post" action="${escape(actionUrl)}">
<input type="hidden" name="lang" value="${lang}">
${error ? `<p class="error" role="alert">${T[error][lang]}</p>` : ''}
<fieldset><legend>${T.chooseBank[lang]}</legend>
${banks}
</fieldset>
<div class="actions">
<button type="submit" name="action" value="pay">${T.pay[lang]} RM${ringgit(payment.amountSen)}</button>
<button type="submit" name="action" value="cancel" formnovalidate>${T.cancel[lang]}</button>
</div>
</form>`;
  return layout(lang, body, `${actionUrl}?lang=${lang === 'ms' ? 'en' : 'ms'}`);
}

export function resultPage(lang: Lang, payment: PaymentRecord, actionUrl: string): string {
  const message = payment.status === 'PAID' ? T.paid[lang] : T.cancelled[lang];
  const back = payment.returnUrl ? `<p><a href="${escape(payment.returnUrl)}">${T.back[lang]}</a></p>` : '';
  return layout(lang, `${summary(lang, payment)}<p role="status"><strong>${message}</strong></p>${back}`, `${actionUrl}?lang=${lang === 'ms' ? 'en' : 'ms'}`);
}

export function notFoundPage(lang: Lang): string {
  return layout(lang, `<p role="alert">${T.notFound[lang]}</p>`, `?lang=${lang === 'ms' ? 'en' : 'ms'}`);
}

import type { Bilingual } from '../../i18n/lang';

/** Shown above buttons when a reply has choices but no text (both platforms refuse buttons alone). */
export const PLEASE_CHOOSE: Bilingual = { ms: 'Sila pilih:', en: 'Please choose:' };

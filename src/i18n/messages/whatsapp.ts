import type { Bilingual } from '../lang';

/**
 * Texts of the WhatsApp channel itself. `whatsapp.updateWaiting` fills the one body variable of the
 * approved template (WHATSAPP_TEMPLATE_NAME) sent outside the 24-hour window, so it stays on one
 * line: Meta refuses template parameters with newlines, tabs or more than four spaces in a row.
 */
export const whatsapp = {
  'whatsapp.updateWaiting': {
    ms: 'Ada kemas kini tentang urusan anda dengan Khidmat. Balas mesej ini untuk melihatnya.',
    en: 'There is an update on your matter with Khidmat. Reply to this message to see it.',
  },
} satisfies Record<string, Bilingual>;

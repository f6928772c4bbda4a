import { hasAtLeastWords } from './wordCount';

/**
 * Conversation commands a citizen can give at any point. A command is the whole message (give or take
 * politeness and "saya nak"), so "tolong renew roadtax" is a request, not a call for help, and
 * "batal" inside a longer sentence about a cancelled flight is not a cancel.
 */
export type Command = 'cancel' | 'menu' | 'help' | 'back' | 'restart' | 'delete_data' | 'show_data';

const LEAD = /^(?:(?:please|pls|plz|sila|tolong|tlg|saya|sy|aku|i|nak|nk|hendak|mahu|want|wanna|to|i want to|can you|boleh|just|je|ok|okay)\s+)*/;
const TRAIL = /(?:\s+(?:please|pls|plz|je|jer|sahaja|saja|lah|la|sekarang|skrg|now|boleh|thanks|tq))*$/;

const COMMANDS: ReadonlyArray<[Command, RegExp]> = [
  ['delete_data', /^(?:padam|padamkan|hapus|hapuskan|buang|delete|remove|erase|clear|forget)\s+(?:semua\s+)?(?:data|maklumat)(?:\s+(?:peribadi\s+)?(?:saya|sy|aku))?$|^(?:delete|remove|erase|clear)\s+(?:all\s+)?(?:of\s+)?my\s+(?:personal\s+)?(?:data|details|information|info)$|^forget\s+me$/],
  ['show_data', /^(?:(?:lihat|tengok|tgk|tunjuk|tunjukkan|papar|paparkan|semak)\s+)?(?:data|maklumat)\s+(?:peribadi\s+)?(?:saya|sy|aku)$|^(?:(?:show|see|view|what is|whats)\s+)?my\s+(?:personal\s+)?(?:data|details|information|info)$|^what (?:data|information) do you (?:have|keep|hold)(?: (?:about|on) me)?$/],
  ['cancel', /^(?:batal|batalkan|cancel|cancel it|cancel this|stop|berhenti|tak jadi|x jadi|tak jadi la|abort|quit|keluar|exit|nevermind|never mind|lupakan)$/],
  ['restart', /^(?:mula semula|mula balik|mulakan semula|ulang dari awal|restart|start over|start again|reset|semula)$/],
  ['menu', /^(?:menu|menu utama|main menu|ke menu|balik ke menu|kembali ke menu|back to menu|go to menu|home|utama)$/],
  ['back', /^(?:kembali|balik|undur|sebelum ni|back|go back|previous|undo)$/],
  ['help', /^(?:tolong|help|bantuan|bantu|help me|tolong saya|saya perlukan bantuan|i need help|perlukan bantuan|sos|\?|apa boleh buat|what can you do|how does this work)$/],
];

/** Punctuation that separates words in a command as spacing does. */
const PUNCTUATION = `!.,;:"'’`;
const SEPARATOR = new RegExp(`[\\s${PUNCTUATION}]`);
const PUNCTUATION_RUNS = new RegExp(`[${PUNCTUATION}]+`, 'g');

export function extractCommand(text: string): Command | null {
  // More than seven words is no command: told apart before any replacing.
  if (hasAtLeastWords(text, 8, SEPARATOR)) return null;
  const normalised = text.toLowerCase().replace(PUNCTUATION_RUNS, ' ').replace(/\s+/g, ' ').trim();
  if (!normalised) return null;
  for (const candidate of new Set([normalised, normalised.replace(TRAIL, ''), normalised.replace(LEAD, '').replace(TRAIL, '')])) {
    const c = candidate.trim();
    if (!c) continue;
    for (const [command, pattern] of COMMANDS) {
      if (pattern.test(c)) return command;
    }
  }
  return null;
}

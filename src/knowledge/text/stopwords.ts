import { stem } from './stem';
import { INFORMAL_SPELLING } from './informalSpelling';

/**
 * Words that carry no topic in a question, Malay and English (after informal spelling and
 * stemming). "berapa" and "how" are here; "how much" and "berapa lama" are concepts in
 * synonyms.ts and are matched before these words are dropped.
 */
export const STOPWORD_LIST: readonly string[] = [
  // Malay
  'apa', 'apakah', 'berapa', 'bagaimana', 'macam', 'mana', 'kenapa', 'mengapa', 'saya', 'kami', 'kita', 'awak', 'anda',
  'kamu', 'dia', 'mereka', 'nak', 'hendak', 'mahu', 'ingin', 'ke', 'di', 'dari', 'daripada', 'pada', 'kepada', 'yang',
  'dan', 'atau', 'untuk', 'bagi', 'dengan', 'ini', 'itu', 'ada', 'adakah', 'boleh', 'bolehkah', 'perlu', 'perlukah',
  'kena', 'tidak', 'tiada', 'bukan', 'sudah', 'belum', 'lagi', 'pun', 'sahaja', 'juga', 'lah', 'kah', 'tu', 'ni',
  'la', 'ka', 'ye', 'ya', 'tolong', 'please', 'sila', 'kalau', 'jika', 'bila', 'bilakah', 'siapa', 'encik', 'cik',
  'tuan', 'puan', 'hai', 'helo', 'hello', 'hi', 'salam', 'terima', 'kasih', 'oleh', 'dalam', 'akan', 'telah', 'masih',
  'sebab', 'kerana', 'macam', 'mcm', 'guna', 'buat', 'dapat', 'nanti', 'sekarang', 'orang', 'semua', 'mana', 'pergi',
  'tahu', 'beritahu', 'nak', 'je', 'lepas', 'selepas', 'sebelum', 'masa', 'ini', 'kali', 'mesti', 'dapat', 'jadi', 'tentang', 'mengenai',
  'seperti', 'sama', 'lain', 'satu', 'suatu', 'setiap', 'lebih', 'kurang', 'banyak', 'sikit', 'sedikit', 'betul',
  'ok', 'okay', 'baik', 'tanya', 'soalan', 'maklumat', 'info', 'bantu', 'bantuan',
  // English
  'what', 'whats', 'how', 'much', 'many', 'is', 'are', 'was', 'were', 'be', 'been', 'the', 'a', 'an', 'do', 'does',
  'did', 'i', 'im', 'my', 'me', 'mine', 'we', 'our', 'you', 'your', 'he', 'she', 'they', 'them', 'their', 'it', 'its',
  'can', 'could', 'to', 'for', 'of', 'in', 'on', 'at', 'by', 'from', 'with', 'about', 'and', 'or', 'but', 'if',
  'when', 'where', 'which', 'who', 'whom', 'why', 'will', 'would', 'should', 'shall', 'must', 'may', 'might', 'have',
  'has', 'had', 'get', 'got', 'need', 'needs', 'want', 'there', 'any', 'some', 'this', 'that', 'these', 'those',
  'tell', 'know', 'please', 'pls', 'thanks', 'thank', 'hi', 'hello', 'hey', 'not', 'no', 'yes', 'still', 'also',
  'just', 'so', 'than', 'then', 'now', 'again', 'am', 'as', 'into', 'up', 'out', 'all', 'more', 'most', 'very',
  'like', 'go', 'going', 'done', 'doing', 'make', 'one', 'someone', 'anyone', 'help', 'question', 'information',
  'dont', 'don', 'cant', 'isnt', 'doesnt', 'ok', 'okay', 'there', 'here', 'after', 'before', 'today', 'use',
  'ago', 'last', 'got', 'never', 'ever', 'put', 'kind', 'type', 'still', 'happens', 'happen', 'reach',
];

export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_LIST.map((w) => stem(INFORMAL_SPELLING[w] ?? w)));

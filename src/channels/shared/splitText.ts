/**
 * Splits a reply into pieces a channel accepts (Telegram and WhatsApp take at most 4096 characters).
 * Cuts at a paragraph, then a line, then a space, so a citizen never gets half a word or half a link;
 * only a single unbroken run longer than the limit is cut hard (never inside a surrogate pair).
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // A boundary in the first half would leave a tiny piece; prefer a finer boundary further on.
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(boundary);
    if (at >= limit / 2 && at <= limit) return at;
  }
  const code = text.charCodeAt(limit - 1);
  const highSurrogate = code >= 0xd800 && code <= 0xdbff;
  return highSurrogate ? limit - 1 : limit;
}

/**
 * For a message whose last piece carries buttons with a smaller text limit (WhatsApp interactive
 * bodies take 1024): the leading pieces at `limit`, and a final piece of at most `tailLimit`.
 */
export function splitWithTail(text: string, limit: number, tailLimit: number): { head: string[]; tail: string } {
  const tailPieces = splitText(text, tailLimit);
  const tail = tailPieces.pop() ?? '';
  const headText = text.trim().slice(0, Math.max(0, text.trim().length - tail.length));
  return { head: splitText(headText, limit), tail };
}

/** How a screenshot's text becomes the paste, and how the card says so. */
import type { Answer } from '../answer/types.js';

/** Longest part of the read text the card shows; the whole of it is the paste. */
const SHOWN_CHARS = 300;

/**
 * The paste for a message with a screenshot: the text read from it, after what was typed when
 * that says something ("this again after the update:" adds nothing; "Error 1058 on SRV01" does).
 */
export function pasteWithImage(typed: string, read: string): string {
  const t = typed.trim();
  const saysSomething =
    /\d{2,}|0x[0-9a-f]+|\b\w+(?:Exception|Error)\b/i.test(t) || t.split(/\s+/).length >= 8;
  return saysSomething ? `${t}\n${read}` : read;
}

/** The card's note: it read an image, what it read (shortened, on one line), and how to correct it. */
export function imageNotice(read: string): string {
  const line = read.replace(/\s+/g, ' ').trim();
  const shown = line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS - 1)}…` : line;
  return `Read from your screenshot: "${shown}". If I misread it, paste the error text instead.`;
}

/** The answer to a screenshot: it says what was read (before any other note) and keeps the text read. */
export function withImageNotice(answer: Answer, read: string): Answer {
  const notice = [imageNotice(read), answer.notice].filter(Boolean).join(' ');
  return { ...answer, notice, readFromImage: read };
}

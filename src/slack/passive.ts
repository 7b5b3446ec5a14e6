/**
 * Passive help: in the channels it is switched on for, kbbot answers a message nobody asked it
 * about, so it must be sure on two counts: that the message is an error paste (this file, a
 * cheap test on the text) and that the match is highly confident (the answer's confidence).
 */

import { CODE_WORD_ALTERNATION } from '../codes/index.js';
import { CONFIDENCE_BANDS } from '../config/confidence-bands.js';
import { MAX_PASTE_CHARS } from '../conversation/paste.js';

/** Confidence a passive answer needs: "high" on the cards. */
export const PASSIVE_MIN_CONFIDENCE = CONFIDENCE_BANDS.high;

/** Longest message looked at: a whole log file pasted is still an error paste, and its start says so. */
const LOOK_CHARS = MAX_PASTE_CHARS;

/** Each optional part carries its own leading `\s*`, so a long whitespace run is read one way only (linear time). */
const ERROR_SIGNS: Array<{ test(text: string): boolean }> = [
  /\bevent\s*id(?:\s*[:=])?\s*\d{2,5}\b/i, // Event Viewer: "Event ID: 4283"
  /\b0x[0-9a-f]{4,8}\b/i, // hex error codes and HRESULTs
  // "error 10049", "Error code = 8464": the code words of codes/literal.ts
  new RegExp(`\\b(?:${CODE_WORD_ALTERNATION})(?:\\s*code)?(?:\\s*[:=#])?\\s*-?\\d{2,10}\\b`, 'i'),
  /\b(?:[A-Z][a-z]+)*(?:Exception|Error)\b(?::|\s+at\b)/, // NullReferenceException:, SqlError at
  /^[^\S\n]*at\s+[\w$.<>]+\s*\(.*\)\s*$/m, // stack frames (.NET, Java, JS)
  /^Traceback \(most recent call last\):/m,
  /\b(?:STATUS|E|ERROR)_[A-Z][A-Z0-9_]{3,}\b|\bWSAE[A-Z]{4,}\b/, // symbolic codes: E_ACCESSDENIED, ERROR_FILE_NOT_FOUND, WSAEADDRNOTAVAIL
  { test: failureThenCode },
];

/** "failed … error 5" on one line: each line is read once (a regex `failed.*code` rescans it from every "failed"). */
function failureThenCode(text: string): boolean {
  for (const m of text.matchAll(/\b(?:failed|failure|cannot|could not|unable to)\b([^\n]*)/gi)) {
    if (/\b(?:error|code|0x|\d{3,})/i.test(m[1])) return true;
  }
  return false;
}

/** true when a message reads like a pasted error rather than conversation. */
export function looksLikeError(text: string): boolean {
  const t = text.slice(0, LOOK_CHARS);
  if (t.trim().length < 8) return false;
  return ERROR_SIGNS.some((re) => re.test(t));
}

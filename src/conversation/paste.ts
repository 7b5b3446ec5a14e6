/**
 * The one limit on what is read of a paste: what the matcher reads. Every surface cuts a message
 * to it where the message comes in, before any pattern runs on it (a 1 MB paste costs no more than
 * a 20 KB one), and keeps its length so the answer can say it was cut.
 */
import { MATCH_DEFAULTS } from '../config/match-defaults.js';

export const MAX_PASTE_CHARS = MATCH_DEFAULTS.maxQueryChars;

/** `text` cut to MAX_PASTE_CHARS. */
export function clipPaste(text: string): string {
  return text.length > MAX_PASTE_CHARS ? text.slice(0, MAX_PASTE_CHARS) : text;
}

/** The part of a Turn that says how long the message was before it was cut (nothing when it was not). */
export function pastedLength(text: string): { pastedChars?: number } {
  return text.length > MAX_PASTE_CHARS ? { pastedChars: text.length } : {};
}

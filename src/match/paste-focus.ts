import { deu, eng, fra, ita, nld, por, spa } from 'stopword';
import { isPunctuation, tokenize } from './tokenize.js';

/**
 * Where the error is in a paste. Real pastes wrap a line or two of error (a quoted message, a log
 * line, an event record, a code) in chat prose ("Hi all, since this morning our server…", "I have
 * tried X and Y"). Each segment (a line, or a sentence of a long line) is weighed by what it looks
 * like: error-like segments count fully, prose around them less, so a long post cannot win on the
 * common words it shares with a long article. A paste that is all prose (a description in the
 * person's own words) keeps every word at full weight: weights are relative to the paste's best
 * segment.
 *
 * Every pattern here runs on one segment at a time and has no nested or adjacent unbounded
 * repetition, so its cost is linear in the segment.
 */
export interface PasteSegment {
  text: string;
  /** Its words as the matcher reads them (tokenize, with sentence punctuation). */
  tokens: string[];
  /** 0..1, relative to the most error-like segment of the paste. */
  weight: number;
  /**
   * Written in another language than English (German, French, Spanish, Italian, Portuguese, Dutch):
   * its words the corpus does not know are that language, not an unknown product.
   */
  otherLanguage: boolean;
}

/** A long line is cut into sentences so that a forum post written as one paragraph is weighed sentence by sentence. */
const LONG_LINE = 160;
const SENTENCE_END = /(?<=[.!?])\s+(?=["'([]?[A-Z])/;

/** What an error carries: a hex or long code, an identifier with digits (LNK2001, C0000221), a file, an event id, a symbol. */
const IDENTIFIER_CUE =
  /0x[0-9a-f]{2,}|\b[0-9a-f]{8}\b|\b[a-z]{1,6}\d{3,}\b|\b\w{1,60}\.(?:exe|dll|sys|ini|inf|ocx|vxd|drv|cpl|msi|log|asp)\b|\bevent\s?(?:id)?\s?[:#]?\s?\d{2,5}\b|\b[A-Z][A-Z0-9]{1,30}_[A-Z0-9_]{2,40}\b|-\d{3,5}\b/i;
/** The vocabulary of error messages. */
const ERROR_CUE =
  /\b(?:errors?|err|failed|fails?|failure|cannot|can't|could not|unable|denied|invalid|not found|exception|fatal|stop|violation|corrupt(?:ed)?|timed out|refused|unexpected(?:ly)?|terminated|missing|not responding|illegal|aborted|unrecognized|not enough|insufficient|out of memory|incorrect|not (?:a )?valid|does not exist|already|warning)\b/i;
/** Quote marks; the text between two of them is a quoted message when it has three words or more. */
const QUOTE_MARK = /["“”'‘’]/;
/** A log or console line: a level or an "Error:"-style label near its start. */
const LOG_CUE =
  /^[^a-z]{0,40}(?:\[[^\]\n]{0,40}\]\s?)?[\w.-]{0,30}\s?(?:error|err|warn(?:ing)?|fatal|critical|exception|stop|fail(?:ed)?)\b\s?[:!\-\]]/i;
/**
 * Chat around the error: the person, their questions, greetings and what they tried. English,
 * and the commonest of the same words in German, French, Spanish, Italian, Portuguese and Dutch,
 * as people quote English errors inside posts in their own language.
 */
const PROSE_CUES = [
  // "I" but not "I/O"; no "me" or "us" (Windows Me, en-us).
  /\b(?:i(?!\/o)|i'm|im|i've|ive|i'd|we|we're|we've|my|our)\b/i,
  /\b(?:ich|wir|mein|meine|unser|unsere|j'ai|nous|mon|mes|nosotros|il mio|meu|minha|ik|wij|mijn|onze)\b/i,
  /\?\s*$/,
  /\b(?:hi|hello|hey|thanks|thank you|regards|cheers|dears?|please|pls|help)\b/i,
  /\b(?:hallo|danke|gruß|grüße|bonjour|merci|hola|gracias|saludos|ciao|grazie|olá|obrigad[oa]|bedankt|groeten)\b/i,
  /\b(?:tried|trying|anyone|any idea|any ideas|suggestions?|somehow|suddenly|seems|wondering|appreciate)\b/i,
];

/**
 * Function words of German, French, Spanish, Italian, Portuguese and Dutch that English text does
 * not use (accents folded as the tokenizer folds them). Two or more, making up a sixth of a
 * segment's words, mark it as written in another language.
 */
const OTHER_LANGUAGE_WORDS = new Set(
  [
    'und der das ist nicht mit ich auf ein eine einen dem bei nach wenn auch oder aber wird werden kann',
    'habe hat sich sind noch schon beim zum zur fur uber ohne erst gar soll wie kein keine nichts',
    'immer seit dann jetzt nur mehr',
    'les et est pas avec je une des du au aux sur pour dans que qui ne mais sont ce cette mon ai nous vous',
    'le la de il qu faut rien depuis quand',
    'los las con por una del para pero cuando esta sin hay tengo puedo',
    'di che non sono della gli ho questo',
    'nao com uma dos mas tenho',
    'het een niet ik van dat bij wanneer maar heb zijn geen',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Every function word of those languages (stopword's lists, folded as the tokenizer folds them)
 * that is not an English one: in a segment written in that language such a word says nothing about
 * the problem, though the archive's few translated articles know it ("nicht", "wenn", "avec").
 */
const FUNCTION_WORDS_ELSEWHERE: ReadonlySet<string> = (() => {
  const english = new Set(eng.flatMap((w) => tokenize(w)));
  const words = [deu, fra, spa, ita, por, nld].flat().flatMap((w) => tokenize(w));
  return new Set(words.filter((w) => !english.has(w)));
})();

export function isOtherLanguageFunctionWord(token: string): boolean {
  return FUNCTION_WORDS_ELSEWHERE.has(token);
}

/** English function words: a segment with some is English, whatever else the paste is written in. */
const ENGLISH_WORDS = new Set(
  'the and is are was of to with when not for this that you it on in from after can does'.split(' '),
);
/** How many words a segment's tokens hold, and how many are function words of English and of other languages. */
function languageCounts(tokens: string[]): { words: number; other: number; english: number } {
  const c = { words: 0, other: 0, english: 0 };
  for (const t of tokens) {
    if (isPunctuation(t)) continue;
    c.words++;
    if (OTHER_LANGUAGE_WORDS.has(t)) c.other++;
    else if (ENGLISH_WORDS.has(t)) c.english++;
  }
  return c;
}

const isOtherLanguage = (c: { words: number; other: number }) => c.other >= 2 && c.other * 6 >= c.words;

export function segmentPaste(text: string, proseWeight: number): PasteSegment[] {
  const pieces: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.length <= LONG_LINE) pieces.push(line);
    else pieces.push(...line.split(SENTENCE_END));
  }
  const tokens = pieces.map((p) => tokenize(p, { punctuation: true }));
  const counts = tokens.map(languageCounts);
  const total = counts.reduce((a, c) => ({ words: a.words + c.words, other: a.other + c.other }), {
    words: 0,
    other: 0,
  });
  // In a post written in another language, a short sentence with one of its words is that language too.
  const postInOtherLanguage = isOtherLanguage(total);
  const raw = pieces.map((p, i) => ({
    text: p,
    tokens: tokens[i],
    weight: segmentWeight(p, proseWeight),
    otherLanguage:
      isOtherLanguage(counts[i]) ||
      (postInOtherLanguage && counts[i].other > 0 && counts[i].other > counts[i].english),
  }));
  const best = Math.max(0, ...raw.map((s) => s.weight));
  return raw.map((s) => ({ ...s, weight: best > 0 ? s.weight / best : 1 }));
}

/** A split at quote marks, rather than one pattern with three lazy groups, keeps this linear. */
function hasQuotedMessage(segment: string): boolean {
  const parts = segment.split(QUOTE_MARK);
  for (let i = 1; i < parts.length - 1; i += 2) {
    const inner = parts[i].trim();
    if (inner.length <= 400 && inner.split(/\s+/).length >= 3) return true;
  }
  return false;
}

/** 1 for an error-like segment, `proseWeight` for chat, between for a segment that is some of each. */
function segmentWeight(segment: string, proseWeight: number): number {
  let error = 0;
  if (IDENTIFIER_CUE.test(segment)) error += 2;
  if (ERROR_CUE.test(segment)) error += 1;
  if (hasQuotedMessage(segment)) error += 1;
  if (LOG_CUE.test(segment)) error += 1;
  let prose = 0;
  for (const cue of PROSE_CUES) if (cue.test(segment)) prose++;
  const score = error - prose;
  if (score >= 2) return 1;
  if (score >= 1) return (1 + proseWeight) / 2;
  return proseWeight;
}

/**
 * What a screenshot says about the error, from Tesseract's lines: the dialog's title and message,
 * an Event Properties window's Source, Event ID, Level and description, a console's output.
 * Window chrome (buttons, tabs, the console banner, prompts, icons read as stray symbols) is
 * dropped, and codes are repaired where OCR confuses look-alike characters. Pure.
 */
import type { EventFields } from './types.js';

/** The words of dialog buttons. */
const BUTTON = `(?:ok|cancel|yes|no|help|close|retry|ignore|abort|continue|try again|apply|copy|details|more info|send error report|don'?t send|debug)`;
/** Lines that are window furniture, not the error: buttons, tabs, the console banner and an empty prompt. */
const CHROME: RegExp[] = [
  new RegExp(String.raw`^(?:${BUTTON}\s*(?:[>»]+)?\s*){1,4}$`, 'i'), // a row of buttons
  /^general\s*[|l1I]?\s*details$/i,
  /^microsoft windows \[version [\d.]+\]$/i,
  /^(?:\(c\) )?(?:\d{4} )?microsoft corporation\.? all rights reserved\.?$/i,
  /^[a-z]:\\[^>]*>\s*$/i,
];

/**
 * A line of Event Properties fields ("Date: 3/14/2004 Source: W32Time", "Event ID: 4013 Task
 * Category: None"): the ones that matter are read into EventFields, the rest say when and where.
 */
const EVENT_FIELD_LINE =
  /^(?:log name|logged|date|time|task category|category|keywords|user|computer|opcode|source|event\s*id|level|type|description)\s*:/i;
/** Lines of the window itself: its title, the XP dialog's "Event" heading. */
const EVENT_CHROME = /^(?:event properties|event|event \d+, .*)$/i;

/** Look-alikes inside a hex code: O is 0, I/l/| are 1, S is 5 (B, D, E, F are real hex digits). */
const HEX_LOOKALIKE: Record<string, string> = {
  O: '0',
  o: '0',
  Q: '0',
  I: '1',
  l: '1',
  i: '1',
  '|': '1',
  S: '5',
  s: '5',
};
/** Look-alikes inside a decimal code or event id: B is 8 and Z is 2 as well. */
const DEC_LOOKALIKE: Record<string, string> = { ...HEX_LOOKALIKE, B: '8', Z: '2', z: '2', G: '6', g: '9' };

const HEX_CODE = /(?<![\w])[0Oo][xX×]([0-9A-Fa-fOoQIil|Ss]{8})(?![\w])/g;
/** A decimal code after the words that announce one: "Error 1058", "System error 1068", "Event ID: 4O13". */
const DECIMAL_CODE =
  /\b((?:error|event\s*id|event|code|status|stop|id|exit code|return code)\s*(?:code\s*)?[:#=]?\s*)([0-9OoIl|SBZz]{2,10})\b/gi;

/** `0x8007000S` → `0x80070005`; "Error lO68" → "Error 1068"; "Event lD" → "Event ID". */
export function repairCodes(text: string): string {
  return text
    .replace(/\bEvent\s*[1lI|][D0O]\b/g, 'Event ID')
    .replace(
      HEX_CODE,
      (_m, digits: string) =>
        `0x${[...digits]
          .map((c) => HEX_LOOKALIKE[c] ?? c)
          .join('')
          .toUpperCase()}`,
    )
    .replace(DECIMAL_CODE, (whole, label: string, digits: string) => {
      // A word that merely follows "error" ("Error Slot") is left alone: a code has digits in it.
      if ((digits.match(/\d/g)?.length ?? 0) < Math.ceil(digits.length / 2)) return whole;
      return label + [...digits].map((c) => DEC_LOOKALIKE[c] ?? c).join('');
    });
}

/** A line with its leading icon misread as a symbol ("© Could not…", "[=] Unable…", "@ The task…") trimmed. */
function trimIcon(line: string): string {
  return line
    .replace(/^(?:[^\p{L}\p{N}\s"'(]{1,3}|[A-Za-z]?[[({][^\])}]{0,2}[\])}]|[xX®©@]\b)\s+/u, '')
    .trim();
}

export interface ScreenshotText {
  text: string;
  event?: EventFields;
}

/** Tesseract's text → the paste kbbot matches: Event Properties fields first, then the message lines. */
export function screenshotText(ocr: string): ScreenshotText {
  const lines = repairCodes(ocr)
    .split(/\r?\n/)
    .map((l) => trimIcon(l.replace(/\s+/g, ' ').trim()))
    .filter((l) => l && !CHROME.some((re) => re.test(l)));

  const event = eventFields(lines);
  const kept: string[] = [];
  for (const raw of lines) {
    // A prompt with a command keeps the command ("net start wuauserv"): it says what failed.
    const line = raw.replace(/^[a-z]:\\[^>]*>\s*/i, '');
    if (event && (EVENT_FIELD_LINE.test(line) || EVENT_CHROME.test(line))) continue;
    if (event && /^\S{1,9}$/.test(line)) continue; // a tab's label ("Details", misread "Detas")
    if (!/[\p{L}\p{N}]{2}/u.test(line)) continue; // stray marks: frame edges read as "|", "—", "__"
    kept.push(line);
  }
  const head = event
    ? [
        event.eventId && `Event ID: ${event.eventId}`,
        event.source && `Source: ${event.source}`,
        event.level && `Level: ${event.level}`,
      ]
    : [];
  return { text: [...head.filter(Boolean), ...kept].join('\n'), event };
}

/** The label that may follow a field's value on the same line (the windows lay fields out two by two). */
const NEXT_LABEL = String.raw`(?=\s+(?:Logged|Date|Time|Category|Task Category|Type|Level|Event\s*ID|User|Computer|Keywords)\s*:|\s*$)`;

/** Source, Event ID and Level (or Type) when the screenshot is an Event Properties window (two fields at least). */
function eventFields(lines: string[]): EventFields | undefined {
  const all = lines.join('\n');
  const pick = (re: RegExp) => re.exec(all)?.[1]?.trim();
  const source = pick(new RegExp(String.raw`\bSource\s*:\s*(\S.*?)${NEXT_LABEL}`, 'im'));
  const fields: EventFields = {
    // An event source is a name like MSExchangeIMC: an "l" before its capital tail is an "I".
    source: source?.replace(/(?<=[a-z])l(?=[A-Z]+\b)/g, 'I'),
    eventId: pick(/\bEvent\s*ID\s*:\s*(\d{1,5})\b/i),
    level: pick(/\b(?:Level|Type)\s*:\s*(Error|Warning|Information|Critical|Verbose|Audit \w+)\b/i),
  };
  const found = Object.values(fields).filter(Boolean).length;
  return found >= 2 ? fields : undefined;
}

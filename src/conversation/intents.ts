/**
 * Intents: the declarative files in `intents/` (one per intent: name, patterns, examples, reply)
 * and the one router every surface uses, so the same words get the same answer everywhere.
 *
 *   name: more                      which intent this is (built-in names drive behaviour; others reply their text)
 *   priority: 0                     higher is tried first (default 0); ties keep file-name order
 *   patterns: ['^(more|next)$']     regular expressions, case-insensitive, tried on the whole message;
 *                                   named groups become slots (`(?<id>…)`, `(?<code>…)`, `(?<vote>…)`)
 *   examples: [more, next]          messages that must route here (checked by the tests)
 *   reply: "text"                   or a mapping of named texts with `{slot}` placeholders
 *
 * A message that no pattern matches is a paste to search. A file that does not parse is reported
 * (file, line, reason) and left out; the other intents still work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../config/paths.js';

export interface IntentDefinition {
  name: string;
  description?: string;
  priority: number;
  patterns: RegExp[];
  examples: string[];
  /** Named reply texts; a plain string reply is stored as `text`. */
  replies: Record<string, string>;
  /** Path of the file it came from, relative to the intents folder. */
  file: string;
}

export interface IntentProblem {
  file: string;
  line?: number;
  reason: string;
}

export interface Route {
  intent: string;
  /** Named groups of the pattern that matched, trimmed; empty for a paste. */
  slots: Record<string, string>;
  /** The message as the patterns saw it (mentions removed, trimmed). */
  text: string;
}

/** Messages longer than this, or of several lines, are pastes: no command is that long. */
export const MAX_COMMAND_CHARS = 200;
/** The intent a message goes to when no pattern matches. */
export const FALLBACK_INTENT = 'search';

const IntentFileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    description: z.string().optional(),
    priority: z.number().int().optional(),
    patterns: z.array(z.string().min(1)).default([]),
    examples: z.array(z.string()).min(1, 'needs at least one example'),
    reply: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  })
  .strict();

export class IntentRouter {
  private readonly byName = new Map<string, IntentDefinition>();

  constructor(
    readonly intents: IntentDefinition[],
    readonly problems: IntentProblem[] = [],
  ) {
    for (const i of intents) this.byName.set(i.name, i);
  }

  get(name: string): IntentDefinition | undefined {
    return this.byName.get(name);
  }

  route(message: string): Route {
    const text = normalizeMessage(message);
    if (text.length > MAX_COMMAND_CHARS || text.includes('\n'))
      return { intent: FALLBACK_INTENT, slots: {}, text };
    for (const intent of this.intents) {
      for (const re of intent.patterns) {
        const m = re.exec(text);
        if (!m) continue;
        const slots: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v?.trim()) slots[k] = v.trim();
        return { intent: intent.name, slots, text };
      }
    }
    return { intent: FALLBACK_INTENT, slots: {}, text };
  }

  /** A reply text of an intent with `{slot}` placeholders filled; `fallback` when the file has none. */
  reply(intent: string, key: string, vars: Record<string, string | number> = {}, fallback = ''): string {
    const template = this.byName.get(intent)?.replies[key] ?? fallback;
    return fill(template, vars);
  }
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all)).trim();
}

/**
 * What the patterns see: platform mentions removed (`<@U123>`, `<at>kbbot</at>`, a leading
 * `@kbbot`), non-breaking spaces made plain, runs of spaces collapsed, trimmed.
 */
export function normalizeMessage(message: string): string {
  return message
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<@[A-Z0-9]+(?:\|[^<>]*)?>/g, ' ') // [^<>]: a run of "<@A|" is not scanned from each one
    .replace(/^\s*@kbbot\b[:,]?/i, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Reads every `*.yaml`, `*.yml` and `*.json` file of `dir`; bad files become problems. */
export function loadIntents(dir: string): IntentRouter {
  const problems: IntentProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.(ya?ml|json)$/i.test(n) && !n.startsWith('.'))
      .sort();
  } catch (e) {
    return new IntentRouter(
      [],
      [
        {
          file: dir,
          reason: `cannot read the intents folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        },
      ],
    );
  }
  const intents: IntentDefinition[] = [];
  for (const file of names) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, file), 'utf8');
    } catch (e) {
      problems.push({ file, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    const parsed = parseIntentFile(text, file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const twin = intents.find((i) => i.name === parsed.intent.name);
    if (twin) {
      problems.push({
        file,
        line: 1,
        reason: `intent "${parsed.intent.name}" is already defined in ${twin.file}; this file is skipped`,
      });
      continue;
    }
    intents.push(parsed.intent);
  }
  // Stable: higher priority first, then file order.
  const ordered = intents
    .map((i, n) => ({ i, n }))
    .sort((a, b) => b.i.priority - a.i.priority || a.n - b.n)
    .map((x) => x.i);
  return new IntentRouter(ordered, problems);
}

/** One intent file's text → an intent, or the problem with it (line as in the file, 1-based). */
export function parseIntentFile(
  text: string,
  file: string,
): { intent: IntentDefinition } | { problem: IntentProblem } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      problem: {
        file,
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        reason: `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`,
      },
    };
  }
  const result = IntentFileSchema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'the file';
    return { problem: { file, line: lineOf(doc, lines, issue.path), reason: `${where}: ${issue.message}` } };
  }
  const data = result.data;
  if (data.name !== FALLBACK_INTENT && data.patterns.length === 0) {
    return {
      problem: {
        file,
        line: lineOf(doc, lines, ['name']),
        reason: `intent "${data.name}" has no patterns: nothing would route to it`,
      },
    };
  }
  const patterns: RegExp[] = [];
  for (const [i, p] of data.patterns.entries()) {
    try {
      patterns.push(new RegExp(p, 'iu'));
    } catch (e) {
      return {
        problem: {
          file,
          line: lineOf(doc, lines, ['patterns', i]),
          reason: `patterns.${i} is not a valid regular expression: ${(e as Error).message}`,
        },
      };
    }
  }
  const replies = typeof data.reply === 'string' ? { text: data.reply } : { ...(data.reply ?? {}) };
  return {
    intent: {
      name: data.name,
      description: data.description,
      priority: data.priority ?? 0,
      patterns,
      examples: data.examples,
      replies,
      file,
    },
  };
}

/** The 1-based line of the node at `p` (or of its nearest existing parent). */
function lineOf(doc: Document, lines: LineCounter, p: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeLine(node, lines);
  for (const key of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
      node = pair?.value ?? pair?.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
    const l = rangeLine(node, lines);
    if (l === undefined) break;
    best = l;
  }
  return best;
}

function rangeLine(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

export const DEFAULT_INTENTS_DIR = path.join(PACKAGE_ROOT, 'intents');

let defaultRouter: IntentRouter | undefined;

/** The router over the package's `intents/`, read once on first use. */
export function getDefaultRouter(): IntentRouter {
  defaultRouter ??= loadIntents(DEFAULT_INTENTS_DIR);
  return defaultRouter;
}

/** Routes a message with the default router. */
export function routeIntent(text: string): Route {
  return getDefaultRouter().route(text);
}

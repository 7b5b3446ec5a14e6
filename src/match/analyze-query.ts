import type { AnalyzedQuery } from './types.js';
import { extractIdentifiers, sourceKey } from '../corpus/extract-identifiers.js';
import { EMAIL, GUID } from '../corpus/patterns.js';
import { isPunctuation } from './tokenize.js';
import { MATCH_DEFAULTS } from '../config/match-defaults.js';
import { segmentPaste } from './paste-focus.js';

/**
 * A paste → what matching needs. Drops what a paste carries besides the error: chat lead-ins,
 * Slack mrkdwn and code fences, log prefixes, Event Viewer labels, timestamps, GUIDs, IP
 * addresses and host names; keeps identifiers and the message.
 */
export function analyzeQuery(
  raw: string,
  maxChars: number = MATCH_DEFAULTS.maxQueryChars,
  maxTokens: number = MATCH_DEFAULTS.maxQueryTokens,
  proseWeight: number = MATCH_DEFAULTS.proseWeight,
): AnalyzedQuery {
  let text = raw.length > maxChars ? raw.slice(0, maxChars) : raw;
  text = stripSlackFormatting(text);
  const ev = readEventViewer(text);
  text = ev.text;
  text = stripNoise(text);
  text = stripLeadIns(text);

  const identifiers = extractIdentifiers(text);
  let eventSource = ev.source;
  if (ev.eventId !== undefined) {
    identifiers.events = identifiers.events.filter((e) => e.id !== ev.eventId);
    identifiers.events.push(
      { id: ev.eventId },
      ...(eventSource ? [{ id: ev.eventId, source: sourceKey(eventSource) }] : []),
    );
  }
  eventSource ??= identifiers.events.find((e) => e.source)?.source;
  const referenced = identifiers.kbRefs.map((d) => `Q${d}`);
  // A bare article number ("214864") is an id too: nobody pastes six digits alone for anything else.
  const bare = /^#?(\d{5,7})[?.!]?$/.exec(text.trim());
  if (bare && !referenced.includes(`Q${Number(bare[1])}`)) referenced.push(`Q${Number(bare[1])}`);

  const { tokens, weights, otherLanguage } = focusTokens(text, maxTokens, proseWeight);
  // "KB214864" or "see article 214864" asks for the article; a post that mentions one on the way
  // ("I installed hotfix Q246467 and now…") is about something else, and only cites it.
  const asked =
    tokens.filter((t) => !isPunctuation(t) && !REFERENCE_WORDS.has(t) && !/^(?:q|kb)?\d{5,7}$/.test(t))
      .length <= MAX_REQUEST_WORDS;
  return {
    text: text.trim(),
    tokens,
    weights,
    otherLanguage,
    identifiers,
    requestedIds: asked ? referenced : [],
    citedIds: asked ? [] : referenced,
    eventSource,
  };
}

/**
 * The paste's tokens in order, each with the weight of the segment it came from (paste-focus.ts).
 * Past `maxTokens`, the least error-like segments are left out first.
 */
function focusTokens(
  text: string,
  maxTokens: number,
  proseWeight: number,
): { tokens: string[]; weights: number[]; otherLanguage: boolean[] } {
  const segments = segmentPaste(text, proseWeight);
  const keep = new Set<number>();
  let budget = maxTokens;
  for (const i of segments
    .map((_, i) => i)
    .sort((a, b) => segments[b].weight - segments[a].weight || a - b)) {
    if (budget <= 0) break;
    keep.add(i);
    budget -= segments[i].tokens.length;
  }
  const tokens: string[] = [];
  const weights: number[] = [];
  const otherLanguage: boolean[] = [];
  segments.forEach((s, i) => {
    if (!keep.has(i)) return;
    for (const t of s.tokens) {
      tokens.push(t);
      weights.push(s.weight);
      otherLanguage.push(s.otherLanguage);
    }
  });
  return {
    tokens: tokens.slice(0, maxTokens),
    weights: weights.slice(0, maxTokens),
    otherLanguage: otherLanguage.slice(0, maxTokens),
  };
}

/** A paste of at most this many other words around an article number asks for that article. */
const MAX_REQUEST_WORDS = 8;
/** Words of a request for an article ("see kb article 214864", a support URL). */
const REFERENCE_WORDS = new Set([
  'see',
  'kb',
  'q',
  'article',
  'articles',
  'knowledge',
  'base',
  'number',
  'http',
  'https',
  'www',
  'support',
  'microsoft',
  'com',
  'default',
  'aspx',
  'scid',
  'id',
  'en',
  'us',
  'show',
  'open',
  'me',
  'the',
  'please',
  'read',
]);

function stripSlackFormatting(t: string): string {
  return t
    .replace(/```[a-z]*\n?/gi, '\n')
    .replace(/<(?:@|#|!)[^>\n]{0,200}>/g, ' ') // user, channel and special mentions
    .replace(/<((?:https?|mailto):[^|>\s]{1,2000})\|([^>\n]{1,500})>/g, '$1 $2')
    .replace(/<((?:https?|mailto):[^>\s]{1,2000})>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/^[ \t]*>[ \t]?/gm, '') // quotes
    .replace(/(^|\s)[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}(?=\s|$|[.,:;!?])/g, '$1') // *bold* _italic_ ~strike~
    .replace(/`/g, '');
}

/**
 * Event Viewer labels, English and localized (German, French, Spanish, Italian, Portuguese, Dutch,
 * Japanese), each under its English name. Their values are noise except Source, Event ID and
 * Description; the ids, sources and codes in a localized copy are the same identifiers.
 */
const EV_LABEL_NAMES: Record<string, string[]> = {
  'log name': [
    'log name',
    'protokollname',
    'nom du journal',
    'nombre de registro',
    'nome registro',
    'nome do log',
    'nome do registo',
    'logboeknaam',
    'ログの名前',
  ],
  source: ['source', 'quelle', 'origen', 'origine', 'origem', 'fonte', 'bron', 'ソース'],
  'event source': ['event source', 'ereignisquelle'],
  date: ['date', 'datum', 'fecha', 'data', '日付'],
  time: ['time', 'uhrzeit', 'zeit', 'heure', 'hora', 'ora', 'tijd', '時刻'],
  logged: [
    'logged',
    'protokolliert',
    'enregistré',
    'connecté',
    'registrado',
    'registrato',
    'geregistreerd',
    'ログの日付',
  ],
  'event id': [
    'event id',
    'eventid',
    'event',
    'ereignis-id',
    'ereignis id',
    'ereigniskennung',
    "id de l'événement",
    'id de l’événement',
    "id de l'evenement",
    'id. del evento',
    'id del evento',
    'id evento',
    'id do evento',
    'identificação do evento',
    'gebeurtenis-id',
    'gebeurtenis id',
    'イベント id',
  ],
  'task category': [
    'task category',
    'aufgabenkategorie',
    'catégorie de la tâche',
    'categoría de la tarea',
    'categoria attività',
    'categoria da tarefa',
    'taakcategorie',
    'タスクのカテゴリ',
  ],
  category: [
    'category',
    'event category',
    'kategorie',
    'catégorie',
    'categoría',
    'categoria',
    'categorie',
    '分類',
  ],
  level: ['level', 'ebene', 'niveau', 'nivel', 'livello', 'nível', 'レベル'],
  type: ['type', 'event type', 'typ', 'tipo', '種類'],
  keywords: [
    'keywords',
    'schlüsselwörter',
    'mots-clés',
    'palabras clave',
    'parole chiave',
    'palavras-chave',
    'trefwoorden',
    'キーワード',
  ],
  user: [
    'user',
    'benutzer',
    'utilisateur',
    'usuario',
    'utente',
    'usuário',
    'utilizador',
    'gebruiker',
    'ユーザー',
  ],
  computer: ['computer', 'ordinateur', 'equipo', 'computador', 'コンピューター'],
  opcode: [
    'opcode',
    'vorgangscode',
    'code opération',
    'código de operación',
    'codice operativo',
    'オペコード',
  ],
  description: [
    'description',
    'beschreibung',
    'descripción',
    'descrizione',
    'descrição',
    'beschrijving',
    '説明',
  ],
};
const EV_CANONICAL = new Map(
  Object.entries(EV_LABEL_NAMES).flatMap(([name, spellings]) => spellings.map((s) => [s, name] as const)),
);
const EV_LABELS = new RegExp(
  `(?:^|\\s)(${[...EV_CANONICAL.keys()]
    .sort((a, b) => b.length - a.length)
    .map((l) => l.replace(/[.]/g, '\\.').replace(/ /g, '\\s'))
    .join('|')})[ \\t]{0,3}[:：]`,
  'giu',
);
const EV_NOISE = new Set([
  'log name',
  'date',
  'time',
  'logged',
  'task category',
  'category',
  'level',
  'type',
  'keywords',
  'user',
  'computer',
  'opcode',
]);

function readEventViewer(text: string): { text: string; source?: string; eventId?: number } {
  const marks = [...text.matchAll(EV_LABELS)];
  const canonical = (m: RegExpMatchArray) =>
    EV_CANONICAL.get(m[1].toLowerCase().replace(/\s/g, ' ')) ?? m[1].toLowerCase();
  const labels = new Set(marks.map(canonical));
  const structural = [
    'log name',
    'event id',
    'task category',
    'computer',
    'description',
    'event source',
    'level',
    'keywords',
    'source',
  ];
  if (structural.filter((l) => labels.has(l)).length < 2) return { text };
  let source: string | undefined;
  let eventId: number | undefined;
  const kept: string[] = [];
  kept.push(text.slice(0, marks[0].index ?? 0));
  marks.forEach((m, i) => {
    const label = canonical(m);
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < marks.length ? (marks[i + 1].index ?? text.length) : text.length;
    const value = text.slice(start, end).trim();
    if (label === 'source' || label === 'event source') {
      source = value.split('\n')[0].trim();
      kept.push(source);
    } else if (label === 'event id') {
      const n = /^(\d{1,5})\b/.exec(value);
      if (n) eventId = Number(n[1]);
      else kept.push(value);
    } else if (!EV_NOISE.has(label)) {
      kept.push(value);
    }
  });
  return { text: kept.join('\n'), source, eventId };
}

const TIMESTAMP =
  /\[?\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?\]?|\b\d{1,2}\/\d{1,2}\/\d{2,4}(?:,?[ \t]{1,4}\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?)?|\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:\s?[AP]M)?\b/g;
const LOG_PREFIX =
  /^[ \t]*(?:\[[^\]\n]{0,40}\][ \t]*)?(?:[\w.-]{1,60}[ \t]+)?(?:ERROR|ERR|WARN|WARNING|INFO|FATAL|CRITICAL|CRIT|DEBUG|TRACE|NOTICE)\b[: \t-]*/gm;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g;
/** A host name with at least three labels (mail.contoso.local); two-label names are usually files (emsmta.exe). */
const FQDN =
  /\b(?:[a-z0-9-]{1,63}\.){2,8}(?:local|lan|corp|com|net|org|internal|intra|example|test|[a-z]{2})\b/gi;

function stripNoise(text: string): string {
  return text
    .replace(TIMESTAMP, ' ')
    .replace(LOG_PREFIX, '')
    .replace(GUID, ' ')
    .replace(EMAIL, ' ')
    .replace(IPV4, ' ')
    .replace(FQDN, (h) => (/^(?:www\.)?support\.microsoft\.com$/i.test(h) ? h : ' '));
}

/** What people type before the error in a chat ("anyone seen this?", "pls help", "getting this error:"). */
const LEAD_IN =
  /^\s*(?:hi all|hello all|hi|hello|hey|anyone seen this\??|has anyone seen this\??|any ideas\??|pls help[,:!]?|please help[,:!]?|help[,:!]?|getting this(?: error)?[:,]?|seeing this[^:\n]{0,40}:|users? (?:report|reports|see|get)s?[:,]?|we (?:get|got|see|are getting)|i (?:get|got|see|am getting)|error:)[\s,]*/i;

function stripLeadIns(text: string): string {
  let t = text;
  // A few lead-ins in a row at most ("hi all, anyone seen this? getting this error:").
  for (let i = 0; i < 5; i++) {
    const next = t.replace(LEAD_IN, '');
    if (next === t) break;
    t = next;
  }
  return t;
}

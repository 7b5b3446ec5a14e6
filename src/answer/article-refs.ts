/**
 * The other articles an article points to: reference lines ("813840 XGEN: March 2003 …"),
 * article numbers (Q256986, KB811406) and KB links (support.microsoft.com/kb/NNN, ?id=NNN).
 * Pure; whether the corpus holds each one is asked of an ArticleContext.
 */
import { kbId } from '../corpus/article-id.js';
import { KB_ARTICLE, KB_REF, KB_URL } from '../corpus/extract-identifiers.js';
import { REF_LINE } from './text-blocks.js';
import type { ArticleContext, ArticleRef } from './types.js';

/** Most references an article's card lists. */
export const MAX_REFS = 8;

export function kbUrl(id: string): string | undefined {
  const m = /^Q(\d+)$/.exec(id);
  return m ? `https://support.microsoft.com/kb/${m[1]}` : undefined;
}

/** The host whose KB links kbbot unfurls (slack-manifest.json `unfurl_domains`, manifest.json `messageHandlers`). */
export const KB_LINK_DOMAIN = 'support.microsoft.com';

/**
 * The article a KB link points to: support.microsoft.com/kb/811406, …/?id=811406,
 * …/default.aspx?scid=kb;en-us;811406, …/help/811406, …/KB811406. Other hosts: undefined.
 */
export function articleIdOfLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    (url.hostname !== KB_LINK_DOMAIN && !url.hostname.endsWith(`.${KB_LINK_DOMAIN}`))
  )
    return undefined;
  const rest = decodeURIComponent(url.pathname + url.search);
  const m =
    new RegExp(KB_URL.source, 'i').exec(`${url.hostname}${rest}`) ??
    new RegExp(KB_REF.source, 'i').exec(rest) ??
    /\/help\/(\d{5,7})(?!\d)/.exec(rest);
  return m ? kbId(m[1]) : undefined;
}

/** Ids and labels of the articles `text` points to, in order of appearance, each once, without `selfId`. */
export function findRefs(text: string, selfId?: string): Array<{ id: string; label: string }> {
  const found = new Map<string, { at: number; label: string }>();
  const add = (digits: string, at: number, label?: string) => {
    const id = kbId(digits);
    if (id === selfId) return;
    const had = found.get(id);
    if (!had) found.set(id, { at, label: label ?? `KB${Number(digits)}` });
    else if (label && had.label.startsWith('KB')) found.set(id, { at: Math.min(at, had.at), label });
  };
  let at = 0;
  for (const line of text.split('\n')) {
    const m = REF_LINE.exec(line);
    if (m) add(m[1], at, line.trim().replace(/\s+/g, ' '));
    at += line.length + 1;
  }
  for (const re of [KB_REF, KB_URL, KB_ARTICLE]) for (const m of text.matchAll(re)) add(m[1], m.index ?? 0);
  return [...found.entries()].sort((a, b) => a[1].at - b[1].at).map(([id, r]) => ({ id, label: r.label }));
}

/** References resolved against the corpus: open in the chat when it has them, else their public page. */
export function resolveRefs(
  refs: Array<{ id: string; label: string }>,
  ctx: ArticleContext | undefined,
): ArticleRef[] {
  return refs.slice(0, MAX_REFS).map((r) => {
    const inCorpus = ctx?.has(r.id) ?? false;
    const url = kbUrl(r.id);
    return url ? { ...r, inCorpus, url } : { ...r, inCorpus };
  });
}

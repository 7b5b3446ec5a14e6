import Fuse from 'fuse.js';
import type { IndexData } from './index-types.js';
import type { AnalyzedQuery, MatchReason, MatchResult, ScoredArticle } from './types.js';
import { MATCH_DEFAULTS, type MatchConfig } from '../config/match-defaults.js';
import { analyzeQuery } from './analyze-query.js';
import { identifierKeys } from './identifier-keys.js';
import { idKey } from '../corpus/article-id.js';
import { typoCandidates } from './typo-candidates.js';
import { isPunctuation } from './tokenize.js';
import { codeSpellings } from './code-spellings.js';
import { calibrate, type ConfidenceFeatures } from './calibrate.js';
import { isOtherLanguageFunctionWord } from './paste-focus.js';
import { sameStem } from './stems.js';

/** Words after which a version number names a product release ("windows 10", "server 2019", "iis 10"). */
const PRODUCT_WORDS = new Set([
  'windows',
  'server',
  'exchange',
  'sql',
  'office',
  'iis',
  'outlook',
  'studio',
  'framework',
  'explorer',
  'sharepoint',
  'net',
  'core',
  'excel',
  'word',
  'access',
  'powershell',
  'ie',
  'win',
  'dynamics',
  'sccm',
  'wsus',
  'lync',
  'skype',
  'nt',
  'powerpoint',
  'frontpage',
  'visio',
  'basic',
  'dos',
  'sms',
  'foxpro',
  'publisher',
]);
/** A product and its version written as one word: "win95", "nt4", "win2k", "w10", "win11" (not the APIs win16, win32, win64). */
const PRODUCT_WITH_VERSION = /^(?:win|winnt|nt|w)(?!16$|32$|64$)(?:\d{1,4}|2k)$/;

/** Marks punctuation in the scratch array: part of phrases, not of word coverage. */
const PUNCT_MARK = 0xffff;
/** Marks a word of a paste word's family in the scratch array (the low bits keep the slot). */
const SIBLING_MARK = 0x8000;

interface QueryTerm {
  term: string;
  /** The paste's word this term stands for (itself, or the word a typo or code spelling came from). */
  original: string;
  /** A typo correction or a word of the same family, rather than the word or a spelling of the same code. */
  fuzzy: boolean;
  /** A word of the same family ("crashed" for "crashes"): it finds articles, but says little of how specific the paste is. */
  sibling?: boolean;
  id: number;
  /** Query-side weight: repeated words count a little more, typo corrections a little less. */
  weight: number;
  idf: number;
  /** Index in the paste's distinct words (corrections share their original's slot). */
  slot: number;
  /** The weight of the most error-like segment the word is in (1 = the error, less = chat prose). */
  focus: number;
}

interface Candidate {
  doc: number;
  base: number;
  score: number;
  phrase: number;
  coverage: number;
  titleSim: number;
  reasons: MatchReason[];
}

/**
 * Ranks articles for a paste in steps: analyse the paste, retrieve by identifiers and BM25 over
 * body, problem and title (typos expanded to known words, words to their families), re-rank the
 * best candidates by phrase overlap and typo-tolerant title similarity, then calibrate a
 * confidence. Pure: no I/O.
 */
export class Matcher {
  readonly config: MatchConfig;
  private readonly termIds = new Map<string, number>();
  private readonly identIds = new Map<string, number>();
  private readonly docByKey = new Map<string, number>();
  /** BM25's length normalisation per document, k1·(1 − b + b·len/avg), computed once rather than per posting. */
  private readonly bodyNorm: Float32Array;
  private readonly titleNorm: Float32Array;
  private readonly problemNorm: Float32Array;
  private readonly n: number;
  /** Phrase counts of product names already looked up (productVersions). */
  private readonly phraseCache = new Map<string, number>();
  /** Scratch for re-ranking: which vocabulary words are in the paste. */
  private readonly slotMark: Uint16Array;
  /**
   * Scratch for one query's scores, one per article, reused (matching is synchronous): a new
   * array per query is a large object (228 KB with the archive) that only a full GC frees.
   */
  private readonly scores: Float32Array;

  constructor(
    readonly index: IndexData,
    config: Partial<MatchConfig> = {},
  ) {
    this.config = { ...MATCH_DEFAULTS, ...config };
    for (const [i, t] of index.terms.entries()) this.termIds.set(t, i);
    for (const [i, k] of index.identKeys.entries()) this.identIds.set(k, i);
    index.docs.forEach((d, i) => {
      const k = idKey(d.id);
      if (!this.docByKey.has(k)) this.docByKey.set(k, i);
    });
    this.n = index.docs.length;
    this.slotMark = new Uint16Array(index.terms.length);
    this.scores = new Float32Array(this.n);
    const { bodyK1, bodyB, titleK1, titleB } = this.config;
    const avgBody = average(index.body.lengths);
    const avgTitle = average(index.title.lengths);
    this.bodyNorm = Float32Array.from(
      index.body.lengths,
      (len) => bodyK1 * (1 - bodyB + (bodyB * len) / avgBody),
    );
    this.titleNorm = Float32Array.from(
      index.title.lengths,
      (len) => titleK1 * (1 - titleB + (titleB * len) / avgTitle),
    );
    const avgProblem = average(index.problem.lengths);
    this.problemNorm = Float32Array.from(
      index.problem.lengths,
      (len) => bodyK1 * (1 - bodyB + (bodyB * len) / avgProblem),
    );
  }

  get size(): number {
    return this.n;
  }

  /** The document number of an article id in any spelling (Q214864, KB214864, 214864), if present. */
  docOf(id: string): number | undefined {
    return this.docByKey.get(idKey(id));
  }

  match(paste: string): MatchResult {
    const query = analyzeQuery(
      paste,
      this.config.maxQueryChars,
      this.config.maxQueryTokens,
      this.config.proseWeight,
    );
    return this.matchAnalyzed(query);
  }

  matchAnalyzed(query: AnalyzedQuery): MatchResult {
    const cfg = this.config;
    if (this.n === 0) return { query, results: [], confidence: 0, answered: false };

    const requested = query.requestedIds
      .map((id) => this.docOf(id))
      .filter((d): d is number => d !== undefined);
    const terms = this.queryTerms(query, new Set(query.identifiers.codes));
    const products = this.productVersions(query.tokens);
    const outOfScope = products.unknown;
    const scores = this.scores.fill(0);
    this.scoreTerms(terms, scores);
    const { reasons: identReasons, strength: identStrength } = this.scoreIdentifiers(query, scores);

    const candidates = topK(scores, cfg.candidates).map<Candidate>((doc) => ({
      doc,
      base: scores[doc],
      score: scores[doc],
      phrase: 0,
      coverage: 0,
      titleSim: 0,
      reasons: [...(identReasons.get(doc) ?? [])],
    }));
    const cited = query.citedIds.map((id) => this.docOf(id)).filter((d): d is number => d !== undefined);
    for (const d of [...requested, ...cited]) {
      if (!candidates.some((c) => c.doc === d))
        candidates.push({
          doc: d,
          base: scores[d],
          score: scores[d],
          phrase: 0,
          coverage: 0,
          titleSim: 0,
          reasons: [],
        });
    }
    // A cited article counts like a rare identifier the paste shares with it.
    for (const c of candidates) {
      if (cited.includes(c.doc)) {
        c.base += this.idf(1) * this.config.identifierWeight;
        c.reasons.push({
          kind: 'kb-id',
          detail: `article ${this.index.docs[c.doc].id} mentioned in the paste`,
        });
      }
    }
    this.rerank(query, terms, candidates);
    for (const d of requested) {
      const c = candidates.find((x) => x.doc === d)!;
      c.score += 1e6; // an article asked for by number comes first
      c.reasons.unshift({ kind: 'kb-id', detail: `article ${this.index.docs[d].id} asked for by number` });
    }
    candidates.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const kept = candidates.filter((c) => c.score > 0).slice(0, cfg.maxResults);

    const features: ConfidenceFeatures = {
      requested: kept.length > 0 && requested.includes(kept[0].doc),
      coverage: kept[0]?.coverage ?? 0,
      phrase: kept[0]?.phrase ?? 0,
      titleSim: kept[0]?.titleSim ?? 0,
      identifier: kept.length ? (identStrength.get(kept[0].doc) ?? 0) : 0,
      margin: kept.length > 1 ? (kept[0].score - kept[1].score) / Math.max(kept[0].score, 1e-9) : 1,
      specificity: this.specificity(terms),
      known: this.knownShare(terms),
      inScope: outOfScope.length === 0,
      knownProduct: products.known.length > 0 && outOfScope.length === 0,
    };
    const confidence = kept.length ? calibrate(features) : 0;
    const results: ScoredArticle[] = kept.map((c) => ({
      id: this.index.docs[c.doc].id,
      title: this.index.docs[c.doc].title,
      score: round(c.score >= 1e6 ? c.score - 1e6 + 1000 : c.score),
      reasons: c.reasons,
    }));
    return {
      query,
      results,
      confidence,
      answered: confidence >= cfg.answerThreshold,
      features,
      ...(outOfScope.length ? { outOfScope } : {}),
    };
  }

  /**
   * Distinct query words with their idf. A code is also looked up in its other spellings
   * (0x55 = 85 = 0x00000055), and an unknown or rare word brings known words one typo away.
   */
  private queryTerms(query: AnalyzedQuery, codes: Set<number>): QueryTerm[] {
    const { tokens, weights, otherLanguage } = query;
    const counts = new Map<string, number>();
    const focusOf = new Map<string, number>();
    /** Words seen only in segments in another language. */
    const foreign = new Set<string>();
    const english = new Set<string>();
    tokens.forEach((t, i) => {
      if (isPunctuation(t)) return;
      counts.set(t, (counts.get(t) ?? 0) + 1);
      focusOf.set(t, Math.max(focusOf.get(t) ?? 0, weights[i] ?? 1));
      (otherLanguage[i] ? foreign : english).add(t);
    });
    const out: QueryTerm[] = [];
    let slot = 0;
    const cfg = this.config;
    let fuzzyLeft = cfg.fuzzyMaxWords;
    for (const [term, count] of counts) {
      const id = this.termIds.get(term);
      // A word of another language that no article uses is no sign of an unknown product: it
      // neither counts as missing from the articles nor brings typo corrections. Its function
      // words ("nicht", "avec") are not scored either: they match the few translated articles.
      const otherLanguageOnly = foreign.has(term) && !english.has(term);
      if (otherLanguageOnly && (id === undefined || isOtherLanguageFunctionWord(term))) continue;
      const df = id === undefined ? 0 : this.df(id);
      const focus = focusOf.get(term) ?? 1;
      const weight = (1 + Math.log(count)) * focus;
      out.push({ term, original: term, fuzzy: false, id: id ?? -1, weight, idf: this.idf(df), slot, focus });
      // Families, like typos, are looked for in the error, not in the chat around it.
      if (id !== undefined && focus === 1 && cfg.stemWeight > 0)
        for (const sib of sameStem(this.index.stemRings, id, cfg.stemMaxSiblings))
          out.push({
            term: this.index.terms[sib],
            original: term,
            fuzzy: true,
            sibling: true,
            id: sib,
            weight: weight * cfg.stemWeight,
            idf: this.idf(this.df(sib)),
            slot,
            focus,
          });
      for (const alt of codeSpellings(term, codes)) {
        const altId = this.termIds.get(alt);
        if (altId !== undefined)
          out.push({
            term: alt,
            original: term,
            fuzzy: false,
            id: altId,
            weight,
            idf: this.idf(this.df(altId)),
            slot,
            focus,
          });
      }
      // Typos are looked for in the error, not in the chat around it, and in a few words at most:
      // generating a word's edits costs more than scoring it.
      if (
        focus === 1 &&
        !otherLanguageOnly &&
        fuzzyLeft > 0 &&
        term.length >= cfg.fuzzyMinLength &&
        !/\d/.test(term) &&
        df < cfg.fuzzyMaxDf
      ) {
        fuzzyLeft--;
        for (const alt of typoCandidates(term, (w) => this.termIds.get(w))) {
          const altDf = this.df(alt.id);
          if (altDf >= Math.max(2, df * cfg.fuzzyDfRatio)) {
            out.push({
              term: alt.term,
              original: term,
              fuzzy: true,
              id: alt.id,
              weight: weight * cfg.fuzzyWeight,
              idf: this.idf(altDf),
              slot,
              focus,
            });
          }
        }
      }
      slot++;
    }
    return out;
  }

  /** How much the paste says: the idf of its distinct known words (a typo counts as its best spelling), in units of the largest idf. */
  private specificity(terms: QueryTerm[]): number {
    const bySlot = new Map<number, number>();
    for (const t of terms) {
      if (t.sibling) continue;
      const v = t.id < 0 ? 0 : t.idf * t.focus;
      bySlot.set(t.slot, Math.max(bySlot.get(t.slot) ?? 0, v));
    }
    let s = 0;
    for (const v of bySlot.values()) s += v;
    // In units of the rarest word's idf, so a small runbook folder and the archive read alike.
    return s / Math.log(1 + (this.n + 0.5) / 0.5);
  }

  /**
   * Share of the paste's words (weighted by focus) that the corpus knows: a word no article uses,
   * and that is no typo of one, is a product, tool or term of another era ("intune", "kubectl").
   * A typo brings its corrections as terms of the same slot, so it counts as known.
   */
  private knownShare(terms: QueryTerm[]): number {
    const slots = new Map<number, { focus: number; known: boolean }>();
    for (const t of terms) {
      if (!/^[a-z]{3,}$/.test(t.original)) continue;
      const known = t.id >= 0;
      const s = slots.get(t.slot);
      slots.set(t.slot, { focus: t.focus, known: known || (s?.known ?? false) });
    }
    let all = 0;
    let known = 0;
    for (const s of slots.values()) {
      all += s.focus;
      if (s.known) known += s.focus;
    }
    return all > 0 ? known / all : 1;
  }

  /**
   * Product versions the paste names, split by whether the articles cover them: "Windows 95",
   * "NT 4.0", "Exchange 5.5" or "win98" are known; "Windows 10", "Server 2019", "Exchange 2016" or
   * "win11" are not. The corpus decides, not a list of versions: a product word followed by a
   * version number is looked up as a phrase in the articles, a joined one ("nt4") as a word.
   */
  private productVersions(tokens: string[]): { known: string[]; unknown: string[] } {
    const known: string[] = [];
    const unknown: string[] = [];
    const min = this.config.knownProductMinDocs;
    const add = (list: string[], name: string) => {
      if (!list.includes(name)) list.push(name);
    };
    for (let i = 0; i < tokens.length; i++) {
      const product = tokens[i];
      const version = tokens[i + 1] ?? '';
      const after = tokens[i + 2] ?? '';
      // "…for Windows\n2. Install…" is a numbered step, not Windows 2.
      if (
        PRODUCT_WORDS.has(product) &&
        /^\d{1,4}$/.test(version) &&
        !(version.length === 1 && after === '.')
      ) {
        const name = `${product} ${version}`;
        if (this.phraseDocs(product, version, min) < min) add(unknown, name);
        // Known only if the articles write it the same way: "Windows 7" is not "Word for Windows 7.0".
        else if (/^\d+$/.test(after) || this.phraseDocs(product, version, min, true) >= min) add(known, name);
      } else if (PRODUCT_WITH_VERSION.test(product)) {
        const id = this.termIds.get(product);
        add((id === undefined ? 0 : this.df(id)) >= min ? known : unknown, product);
      }
    }
    return { known, unknown };
  }

  /**
   * Articles (up to `limit`) in which word `a` is directly followed by word `b` (and, when `bare`,
   * not by a number: "Windows 7" is not "Word for Windows 7.0"); cached, as pastes repeat products.
   */
  private phraseDocs(a: string, b: string, limit: number, bare = false): number {
    const key = `${a} ${b}${bare ? ' $' : ''}`;
    const cached = this.phraseCache.get(key);
    if (cached !== undefined) return cached;
    const ia = this.termIds.get(a);
    const ib = this.termIds.get(b);
    let found = 0;
    if (ia !== undefined && ib !== undefined) {
      const { offsets, docs } = this.index.body;
      const { seq, seqOffsets } = this.index;
      let p = offsets[ia];
      let q = offsets[ib];
      const pe = offsets[ia + 1];
      const qe = offsets[ib + 1];
      while (p < pe && q < qe && found < limit) {
        if (docs[p] < docs[q]) p++;
        else if (docs[p] > docs[q]) q++;
        else {
          const d = docs[p];
          for (let k = seqOffsets[d], end = seqOffsets[d + 1] - 1; k < end; k++) {
            if (seq[k] !== ia || seq[k + 1] !== ib) continue;
            if (bare && k + 2 <= end && /^\d+$/.test(this.index.terms[seq[k + 2]])) continue;
            found++;
            break;
          }
          p++;
          q++;
        }
      }
    }
    if (this.phraseCache.size >= 10_000) this.phraseCache.clear();
    this.phraseCache.set(key, found);
    return found;
  }

  private df(id: number): number {
    return this.index.body.offsets[id + 1] - this.index.body.offsets[id];
  }

  private idf(df: number): number {
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** BM25 over body, problem and title, term at a time into one score array. */
  private scoreTerms(terms: QueryTerm[], scores: Float32Array): void {
    const { body, title, problem } = this.index;
    const { bodyK1, titleK1, titleWeight, problemFieldWeight } = this.config;
    for (const t of terms) {
      if (t.id < 0) continue;
      const w = t.idf * t.weight;
      addBm25(scores, t.id, body, this.bodyNorm, w * (bodyK1 + 1));
      if (problemFieldWeight > 0)
        addBm25(scores, t.id, problem, this.problemNorm, w * problemFieldWeight * (bodyK1 + 1));
      addBm25(scores, t.id, title, this.titleNorm, w * titleWeight * (titleK1 + 1));
    }
  }

  /** Identifiers count by rarity; an event id with its source counts most. */
  private scoreIdentifiers(
    query: AnalyzedQuery,
    scores: Float32Array,
  ): { reasons: Map<number, MatchReason[]>; strength: Map<number, number> } {
    const reasons = new Map<number, MatchReason[]>();
    /** Per article, how rare its rarest shared event id or code is (idf over the largest idf; 1 for an event with its source). */
    const strength = new Map<number, number>();
    const maxIdf = this.idf(0);
    const { ident } = this.index;
    for (const key of identifierKeys(query.identifiers)) {
      const id = this.identIds.get(key);
      if (id === undefined) continue;
      const start = ident.offsets[id];
      const end = ident.offsets[id + 1];
      const idf = this.idf(end - start);
      const bonus = key.startsWith('es:')
        ? this.config.eventSourceBonus + idf
        : idf * this.config.identifierWeight;
      const reason = describeKey(key);
      const rarity = key.startsWith('es:')
        ? 1
        : key.startsWith('e:') || key.startsWith('c:')
          ? idf / maxIdf
          : 0;
      for (let p = start; p < end; p++) {
        const d = ident.docs[p];
        scores[d] += bonus;
        if (rarity > (strength.get(d) ?? 0)) strength.set(d, rarity);
        let list = reasons.get(d);
        if (!list) reasons.set(d, (list = []));
        if (!key.startsWith('e:') || !list.some((r) => r.kind === 'event')) list.push(reason);
      }
    }
    // "event 4283 from MSExchangeMTA" supersedes the bare "event 4283".
    for (const list of reasons.values()) {
      if (list.some((r) => r.kind === 'event' && r.detail.includes(' from '))) {
        for (let i = list.length - 1; i >= 0; i--)
          if (list[i].kind === 'event' && !list[i].detail.includes(' from ')) list.splice(i, 1);
      }
    }
    return { reasons, strength };
  }

  /** Phrase overlap and typo-tolerant title similarity on the few best candidates. */
  private rerank(query: AnalyzedQuery, terms: QueryTerm[], candidates: Candidate[]): void {
    const { seq, seqOffsets } = this.index;
    // Query words marked in a vocabulary-sized array (slot + 1; 0 = not in the paste), reset after
    // use; the paste's own words first, so a word that is also another's sibling counts as itself.
    const mark = this.slotMark;
    for (const t of terms) if (t.id >= 0 && !t.sibling && mark[t.id] === 0) mark[t.id] = t.slot + 1;
    for (const t of terms) if (t.sibling && mark[t.id] === 0) mark[t.id] = (t.slot + 1) | SIBLING_MARK;
    // Each position of the paste as the term ids it may appear as (a word, its code spellings, punctuation).
    const spellings = new Map<string, number[]>();
    for (const t of terms)
      if (t.id >= 0 && !t.fuzzy) spellings.set(t.original, [...(spellings.get(t.original) ?? []), t.id]);
    const punct: number[] = [];
    const positions = query.tokens.map((tok) => {
      if (!isPunctuation(tok)) return spellings.get(tok) ?? [];
      const id = this.termIds.get(tok);
      if (id === undefined) return [];
      if (mark[id] === 0) {
        mark[id] = PUNCT_MARK;
        punct.push(id);
      }
      return [id];
    });
    // Word pairs of the paste, in order, as term-id pairs; all spellings of a pair share its slot.
    const pairs = new Map<number, number>();
    const pairPosition: number[] = [];
    let pairCount = 0;
    for (let i = 0; i + 1 < positions.length; i++) {
      const a = positions[i];
      const b = positions[i + 1];
      if (!a.length || !b.length) continue;
      const first = a[0] * 4194304 + b[0];
      if (pairs.has(first)) continue;
      for (const x of a) for (const y of b) pairs.set(x * 4194304 + y, pairCount);
      pairPosition[pairCount] = i;
      pairCount++;
    }
    // Per slot, its weight for ranking (the best idf among its terms), and the same without
    // families for the coverage that confidence reads: a rare sibling says nothing about how much
    // of the paste an article covers.
    const slotIdf = new Float64Array(terms.length + 1);
    const ownIdf = new Float64Array(terms.length + 1);
    for (const t of terms) {
      const v = t.idf * t.focus;
      slotIdf[t.slot] = Math.max(slotIdf[t.slot], v);
      if (!t.sibling) ownIdf[t.slot] = Math.max(ownIdf[t.slot], v);
    }
    const totalIdf = sum(slotIdf);
    const totalOwnIdf = sum(ownIdf);

    const seenPair = new Uint8Array(pairCount);
    // Per slot: 0 not in the article, 1 only a word of its family, 2 the word (or a typo's or code's spelling).
    const seenSlot = new Uint8Array(terms.length + 1);
    const seenInProblem = new Uint8Array(terms.length + 1);
    /**
     * What a slot seen that way covers in the coverage that confidence reads: a sibling counts for
     * as much as it scores ("enabling" in a paste, "enabled" in an article is a weaker sign than
     * the word). Where the article states its problem (ranking) it is as good as the word.
     */
    const credit = [0, this.config.stemWeight, 1];
    const { problemLengths } = this.index;
    const fuse = this.titleFuse(query, candidates);
    for (const c of candidates) {
      seenPair.fill(0);
      seenSlot.fill(0);
      seenInProblem.fill(0);
      const problemEnd = seqOffsets[c.doc] + problemLengths[c.doc];
      let prevMarked = -1;
      // The longest run of the paste's pairs found one after another, in the paste's order.
      let run = 0;
      let longest = 0;
      let lastPos = -2;
      for (let p = seqOffsets[c.doc], end = seqOffsets[c.doc + 1]; p < end; p++) {
        const id = seq[p];
        const m = mark[id];
        if (m === 0) {
          prevMarked = -1;
          run = 0;
          continue;
        }
        if (m !== PUNCT_MARK) {
          const slot = (m & ~SIBLING_MARK) - 1;
          const how = m & SIBLING_MARK ? 1 : 2;
          if (seenSlot[slot] < how) seenSlot[slot] = how;
          if (p < problemEnd) seenInProblem[slot] = 1;
        }
        if (prevMarked >= 0) {
          const at = pairs.get(prevMarked * 4194304 + id);
          if (at !== undefined) {
            seenPair[at] = 1;
            const pos = pairPosition[at];
            run = pos === lastPos + 1 ? run + 1 : 1;
            lastPos = pos;
            if (run > longest) longest = run;
          } else run = 0;
        }
        prevMarked = id;
      }
      const seen = sum(seenPair);
      c.phrase = pairCount ? (seen / pairCount + longest / pairCount) / 2 : 0;
      let covered = 0;
      for (let s = 0; s < seenSlot.length; s++) covered += ownIdf[s] * credit[seenSlot[s]];
      c.coverage = totalOwnIdf > 0 ? covered / totalOwnIdf : 0;
      let inProblem = 0;
      for (let s = 0; s < seenInProblem.length; s++) if (seenInProblem[s]) inProblem += slotIdf[s];
      const problemCoverage = totalIdf > 0 ? inProblem / totalIdf : 0;
      c.titleSim = fuse.get(c.doc) ?? 0;
      c.score =
        c.base *
          (1 + (this.config.phraseWeight * c.phrase * c.phrase) / 4) *
          (1 + this.config.problemWeight * problemCoverage) +
        this.config.fuzzyTitleWeight * c.titleSim * Math.sqrt(totalIdf);
      if (c.phrase >= 0.5 && pairCount >= 2)
        c.reasons.push({ kind: 'phrase', detail: `${Math.round(c.phrase * 100)}% of the message's wording` });
      else if (c.titleSim >= 0.5) c.reasons.push({ kind: 'title', detail: 'title resembles the query' });
      else if (c.coverage > 0)
        c.reasons.push({
          kind: 'terms',
          detail: `${Math.round(c.coverage * 100)}% of the paste's distinctive words`,
        });
    }
    for (const t of terms) if (t.id >= 0) mark[t.id] = 0;
    for (const id of punct) mark[id] = 0;
  }

  /** fuse.js token search over the candidates' titles: typo-tolerant, and cheap on a hundred titles. */
  private titleFuse(query: AnalyzedQuery, candidates: Candidate[]): Map<number, number> {
    const out = new Map<number, number>();
    // Only short, title-like queries are worth it; a long paste is matched by its wording.
    const words = query.tokens.filter((t) => !isPunctuation(t));
    if (words.length === 0 || words.length > this.config.fuzzyTitleMaxWords) return out;
    const fuse = new Fuse(
      candidates
        .slice(0, this.config.fuzzyTitleCandidates)
        .map((c) => ({ doc: c.doc, title: this.index.docs[c.doc].title })),
      {
        keys: ['title'],
        includeScore: true,
        useTokenSearch: true,
        ignoreLocation: true,
        threshold: this.config.fuzzyTitleThreshold,
      },
    );
    for (const r of fuse.search(words.join(' '))) out.set(r.item.doc, 1 - (r.score ?? 1));
    return out;
  }
}

function describeKey(key: string): MatchReason {
  const [kind, a, b] = key.split(':');
  switch (kind) {
    case 'e':
      return { kind: 'event', detail: `event ${a}` };
    case 'es':
      return { kind: 'event', detail: `event ${a} from ${b}` };
    case 'c': {
      const v = Number(a);
      return { kind: 'code', detail: `error ${`0x${v.toString(16).toUpperCase()}`} (${v})` };
    }
    case 'f':
      return { kind: 'file', detail: `file ${a}` };
    default:
      return { kind: 'function', detail: `function ${a}` };
  }
}

/** One term's BM25 in one field, added to every article that has it: `weight`·tf / (tf + norm). */
function addBm25(
  scores: Float32Array,
  term: number,
  field: { offsets: Uint32Array; docs: Uint32Array; tf: Uint16Array },
  norm: Float32Array,
  weight: number,
): void {
  // Locals, not property reads in the loop: the three fields are objects of different shapes.
  const { offsets, docs, tf: tfs } = field;
  for (let p = offsets[term], end = offsets[term + 1]; p < end; p++) {
    const d = docs[p];
    const tf = tfs[p];
    scores[d] += (weight * tf) / (tf + norm[d]);
  }
}

/** Indexes of the k largest positive scores, best first. */
function topK(scores: Float32Array, k: number): number[] {
  const heapDocs: number[] = [];
  let min = 0;
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d];
    if (s <= 0 || (heapDocs.length >= k && s <= min)) continue;
    heapDocs.push(d);
    if (heapDocs.length > k * 2) {
      heapDocs.sort((x, y) => scores[y] - scores[x]);
      heapDocs.length = k;
      min = scores[heapDocs[k - 1]];
    }
  }
  heapDocs.sort((x, y) => scores[y] - scores[x] || x - y);
  return heapDocs.slice(0, k);
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function average(xs: ArrayLike<number>): number {
  return xs.length ? sum(xs) / xs.length : 1;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

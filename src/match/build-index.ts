import type { Article } from '../corpus/types.js';
import type { DocMeta, IndexData, Postings } from './index-types.js';
import { GrowableUint32 } from './growable.js';
import { isPunctuation, tokenize } from './tokenize.js';
import { identifierKeys } from './identifier-keys.js';
import { stemRings } from './stems.js';

/** The text of an article that ranking reads: title, every section, and the keywords. */
export function indexedText(a: Article): string {
  return [a.title, ...Object.values(a.sections), a.keywords.join(' ')].join('\n');
}

/**
 * The start of `indexedText` that states the problem: the title, and the symptoms when they come
 * first. (A summary is left out: in a how-to, a readme or a FAQ it is the whole article.)
 */
function problemText(a: Article): string {
  const [first] = Object.keys(a.sections);
  return first === 'symptoms' ? `${a.title}\n${a.sections.symptoms}` : a.title;
}

/** Builds an IndexData from articles added one at a time (a large corpus is streamed, never held whole). */
export class IndexBuilder {
  private readonly docs: DocMeta[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly identIds = new Map<string, number>();
  private readonly identKeys: string[] = [];
  private readonly seq = new GrowableUint32(1 << 20);
  private readonly seqOffsets = new GrowableUint32();
  private readonly problemLengths = new GrowableUint32();
  private readonly body = new TripleBuffer();
  private readonly title = new TripleBuffer();
  private readonly problem = new TripleBuffer();
  private readonly problemWords = new GrowableUint32();
  private readonly ident = new TripleBuffer();
  private readonly bodyLengths = new GrowableUint32();
  private readonly titleLengths = new GrowableUint32();
  private readonly punctuation = new Set<number>();

  constructor() {
    this.seqOffsets.push(0);
  }

  add(a: Article): void {
    const doc = this.docs.length;
    this.docs.push({ id: a.id, title: a.title, source: a.source, format: a.format });

    const seqIds = this.ids(tokenize(indexedText(a), { punctuation: true }));
    this.seq.pushAll(seqIds);
    this.seqOffsets.push(this.seq.length);
    // indexedText starts with the problem text, and tokens never span the line break between parts.
    const problemLength = Math.min(seqIds.length, tokenize(problemText(a), { punctuation: true }).length);
    this.problemLengths.push(problemLength);
    // Punctuation is only for phrases: postings and lengths count words.
    const isWord = (id: number) => !this.punctuation.has(id);
    const bodyIds = seqIds.filter(isWord);
    this.bodyLengths.push(bodyIds.length);
    this.body.addDoc(doc, bodyIds);
    const problemIds = seqIds.subarray(0, problemLength).filter(isWord);
    this.problemWords.push(problemIds.length);
    this.problem.addDoc(doc, problemIds);

    const titleIds = this.ids(tokenize(a.title));
    this.titleLengths.push(titleIds.length);
    this.title.addDoc(doc, titleIds);

    const keys = identifierKeys(a.identifiers);
    const identIds = new Uint32Array(keys.length);
    keys.forEach((k, i) => {
      let id = this.identIds.get(k);
      if (id === undefined) {
        id = this.identKeys.length;
        this.identIds.set(k, id);
        this.identKeys.push(k);
      }
      identIds[i] = id;
    });
    this.ident.addDoc(doc, identIds);
  }

  /** The index; the builder's buffers are released one by one as they are turned into it (the builder is then spent). */
  finish(): IndexData {
    const seq = this.seq.takeArray();
    const bodyPostings = this.body.takePostings(this.terms.length);
    const titlePostings = this.title.takePostings(this.terms.length);
    const problemPostings = this.problem.takePostings(this.terms.length);
    const identPostings = this.ident.takePostings(this.identKeys.length);
    return {
      docs: this.docs,
      terms: this.terms,
      body: { ...bodyPostings, lengths: this.bodyLengths.takeArray() },
      title: {
        ...titlePostings,
        lengths: Uint16Array.from(this.titleLengths.takeArray(), (n) => Math.min(n, 0xffff)),
      },
      seq,
      seqOffsets: this.seqOffsets.takeArray(),
      problemLengths: this.problemLengths.takeArray(),
      problem: { ...problemPostings, lengths: this.problemWords.takeArray() },
      stemRings: stemRings(this.terms),
      identKeys: this.identKeys,
      ident: { offsets: identPostings.offsets, docs: identPostings.docs },
    };
  }

  private ids(tokens: string[]): Uint32Array {
    const out = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      let id = this.termIds.get(t);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(t, id);
        this.terms.push(t);
        if (isPunctuation(t)) this.punctuation.add(id);
      }
      out[i] = id;
    }
    return out;
  }
}

/** (term, doc, tf) triples appended doc by doc, then grouped by term into CSR postings. */
class TripleBuffer {
  private readonly termOf = new GrowableUint32(1 << 16);
  private readonly tfOf = new GrowableUint32(1 << 16);
  /** Where each document's triples start (a doc per triple would cost 4 bytes a triple). */
  private readonly docStart = new GrowableUint32(1 << 10);

  addDoc(doc: number, ids: Uint32Array): void {
    while (this.docStart.length <= doc) this.docStart.push(this.termOf.length);
    if (ids.length === 0) return;
    const sorted = ids.slice().sort();
    let run = 1;
    for (let i = 1; i <= sorted.length; i++) {
      if (i < sorted.length && sorted[i] === sorted[i - 1]) {
        run++;
        continue;
      }
      this.termOf.push(sorted[i - 1]);
      this.tfOf.push(run);
      run = 1;
    }
  }

  /** The CSR postings; the triples are released (the buffer is then spent). */
  takePostings(nTerms: number): Postings & { tf: Uint16Array } {
    const termOf = this.termOf.takeArray();
    const tfOf = this.tfOf.takeArray();
    this.docStart.push(termOf.length);
    const docStart = this.docStart.takeArray();
    const n = termOf.length;
    const offsets = new Uint32Array(nTerms + 1);
    for (let i = 0; i < n; i++) offsets[termOf[i] + 1]++;
    for (let t = 0; t < nTerms; t++) offsets[t + 1] += offsets[t];
    const fill = offsets.slice(0, nTerms);
    const docs = new Uint32Array(n);
    const tf = new Uint16Array(n);
    // Triples arrive in doc order, so each term's docs come out ascending.
    for (let doc = 0; doc + 1 < docStart.length; doc++) {
      for (let i = docStart[doc]; i < docStart[doc + 1]; i++) {
        const at = fill[termOf[i]]++;
        docs[at] = doc;
        tf[at] = Math.min(tfOf[i], 0xffff);
      }
    }
    return { offsets, docs, tf };
  }
}

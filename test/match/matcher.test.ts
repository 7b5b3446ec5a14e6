import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexBuilder, indexedText } from '../../src/match/build-index.js';
import { Matcher } from '../../src/match/matcher.js';
import { tokenize } from '../../src/match/tokenize.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { emptyIdentifiers } from '../../src/corpus/extract-identifiers.js';
import type { Article } from '../../src/corpus/types.js';
import type { IndexData } from '../../src/match/index-types.js';
import { SEED_CONTENT_DIR } from '../fixtures/fixture-files.js';

function article(id: string, title: string, body: string): Article {
  return {
    id,
    aliases: [],
    title,
    appliesTo: [],
    products: [],
    keywords: [],
    sections: body ? { symptoms: body } : {},
    dates: {},
    format: 'markdown',
    source: `${id}.md`,
    identifiers: emptyIdentifiers(),
  };
}

function indexOf(articles: Article[]): IndexData {
  const b = new IndexBuilder();
  for (const a of articles) b.add(a);
  return b.finish();
}

/** Matcher settings that leave plain BM25 over body and title: no identifiers, typos, phrases or fuzzy titles. */
const BM25_ONLY = {
  phraseWeight: 0,
  problemWeight: 0,
  fuzzyTitleWeight: 0,
  fuzzyMinLength: 1000,
  identifierWeight: 0,
  eventSourceBonus: 0,
  stemWeight: 0,
} as const;

/** BM25 over body, problem (title and symptoms) and title, computed per document, the slow and obvious way, from the articles' text. */
function naiveBm25(articles: Article[], query: string, cfg: Matcher['config']): Map<string, number> {
  const bodies = articles.map((a) => tokenize(indexedText(a)));
  const titles = articles.map((a) => tokenize(a.title));
  const problems = articles.map((a) =>
    tokenize(Object.keys(a.sections)[0] === 'symptoms' ? `${a.title}\n${a.sections.symptoms}` : a.title),
  );
  const n = articles.length;
  const avgBody = bodies.reduce((s, t) => s + t.length, 0) / n;
  const avgTitle = titles.reduce((s, t) => s + t.length, 0) / n;
  const avgProblem = problems.reduce((s, t) => s + t.length, 0) / n;
  const counts = new Map<string, number>();
  for (const t of tokenize(query)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const out = new Map<string, number>();
  articles.forEach((a, d) => {
    let score = 0;
    for (const [term, count] of counts) {
      const df = bodies.filter((b) => b.includes(term)).length;
      if (df === 0) continue;
      const w = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (1 + Math.log(count));
      const tf = bodies[d].filter((t) => t === term).length;
      if (tf)
        score +=
          (w * tf * (cfg.bodyK1 + 1)) /
          (tf + cfg.bodyK1 * (1 - cfg.bodyB + (cfg.bodyB * bodies[d].length) / avgBody));
      const ptf = problems[d].filter((t) => t === term).length;
      if (ptf)
        score +=
          (w * cfg.problemFieldWeight * ptf * (cfg.bodyK1 + 1)) /
          (ptf + cfg.bodyK1 * (1 - cfg.bodyB + (cfg.bodyB * problems[d].length) / avgProblem));
      const ttf = titles[d].filter((t) => t === term).length;
      if (ttf)
        score +=
          (w * cfg.titleWeight * ttf * (cfg.titleK1 + 1)) /
          (ttf + cfg.titleK1 * (1 - cfg.titleB + (cfg.titleB * titles[d].length) / avgTitle));
    }
    if (score > 0) out.set(a.id, score);
  });
  return out;
}

describe('Matcher BM25 scoring', () => {
  // Made-up words: no lead-in, log level, code or file pattern of the query analyser applies to them.
  const word = fc.constantFrom('zorp', 'quix', 'blen', 'frad', 'mork', 'tesh', 'vump', 'glai', 'snib');
  const text = (min: number, max: number) =>
    fc.array(word, { minLength: min, maxLength: max }).map((ws) => ws.join(' '));
  const corpus = fc
    .array(fc.tuple(text(1, 4), text(0, 30)), { minLength: 1, maxLength: 8 })
    .map((docs) => docs.map(([t, b], i) => article(`Q${100001 + i}`, t, b)));

  test('scores every document like a naive per-document BM25 over body and title (property)', () => {
    fc.assert(
      fc.property(corpus, text(1, 6), (articles, query) => {
        const matcher = new Matcher(indexOf(articles), BM25_ONLY);
        const want = naiveBm25(articles, query, matcher.config);
        const got = matcher.match(query).results;
        // At most 8 documents: every document with a query word is among the results.
        assert.deepEqual(got.map((r) => r.id).sort(), [...want.keys()].sort());
        for (const r of got) {
          const w = want.get(r.id);
          assert.ok(w !== undefined, `${r.id} scored but has no query word`);
          assert.ok(Math.abs(r.score - w) <= 0.002 + w * 1e-5, `${r.id}: matcher ${r.score}, naive ${w}`);
        }
        for (let i = 1; i < got.length; i++)
          assert.ok(got[i - 1].score >= got[i].score, 'results are best first');
      }),
      { numRuns: 200 },
    );
  });

  test('ranks a document with more occurrences of the only query word higher, other things equal', () => {
    const docs = [
      article('Q1', 'zorp', 'quix quix quix'),
      article('Q2', 'zorp', 'quix blen blen'),
      article('Q3', 'mork', 'tesh'),
    ];
    const ids = new Matcher(indexOf(docs), BM25_ONLY).match('quix').results.map((r) => r.id);
    assert.deepEqual(ids, ['Q1', 'Q2']);
  });

  test('ranks a rare word above a common one', () => {
    const docs = [
      article('Q1', 'a', 'zorp blen'),
      article('Q2', 'b', 'zorp quix'),
      article('Q3', 'c', 'zorp mork'),
      article('Q4', 'd', 'tesh'),
    ];
    const r = new Matcher(indexOf(docs), BM25_ONLY).match('zorp quix').results;
    assert.equal(r[0].id, 'Q2');
    assert.equal(r.length, 3);
  });
});

describe('Matcher', async () => {
  const { articles } = await loadCorpus(SEED_CONTENT_DIR);
  const seeds = articles.filter((a) => a.id === 'Q811406' || a.id === 'Q214864');
  const matcher = new Matcher(indexOf(seeds));

  test('finds an article by its id in any spelling', () => {
    for (const id of ['Q214864', 'KB214864', '214864', 'q214864'])
      assert.equal(matcher.index.docs[matcher.docOf(id)!].id, 'Q214864', id);
    assert.equal(matcher.docOf('Q1'), undefined);
  });

  test('puts an article asked for by number first, with score 1000 and a kb-id reason', () => {
    const r = matcher.match('KB811406');
    assert.equal(r.results[0].id, 'Q811406');
    assert.equal(r.results[0].score, 1000);
    assert.deepEqual(r.results[0].reasons[0], {
      kind: 'kb-id',
      detail: 'article Q811406 asked for by number',
    });
    assert.equal(r.confidence, 0.99);
    assert.equal(r.answered, true);
  });

  test('ignores a requested number that is not in the corpus', () => {
    const r = matcher.match('KB999999');
    assert.ok(!r.results.some((x) => x.reasons.some((why) => why.kind === 'kb-id')));
    assert.equal(r.answered, false);
  });

  test('explains an event match with its source and a code match in both notations', () => {
    const r = matcher.match('Source: MSExchangeMTA\nEvent ID: 4283\nDescription: Bad LPIs in message');
    assert.equal(r.results[0].id, 'Q811406');
    assert.ok(
      r.results[0].reasons.some((x) => x.kind === 'event' && x.detail === 'event 4283 from msexchangemta'),
      JSON.stringify(r.results[0].reasons),
    );
    const c = matcher.match('error 0x2741');
    assert.equal(c.results[0].id, 'Q214864');
    assert.ok(
      c.results[0].reasons.some((x) => x.kind === 'code' && x.detail === 'error 0x2741 (10049)'),
      JSON.stringify(c.results[0].reasons),
    );
  });

  test('returns at most maxResults results', () => {
    const one = new Matcher(indexOf(seeds), { maxResults: 1 });
    assert.equal(one.match('Microsoft Exchange Server service pack').results.length, 1);
  });

  test('is surer of an event id with its source than of product words, and of those than of chatter', () => {
    const [event, vague, chatter] = [
      'Event ID 4283 MSExchangeMTA',
      'Microsoft Exchange Server service pack',
      'the printer on floor 3 jams',
    ].map((q) => matcher.match(q));
    assert.ok(event.confidence > vague.confidence, `${event.confidence} > ${vague.confidence}`);
    assert.ok(vague.confidence > chatter.confidence, `${vague.confidence} > ${chatter.confidence}`);
    assert.deepEqual([event.answered, vague.answered, chatter.answered], [true, false, false]);
  });

  test('answers nothing from an empty index', () => {
    const r = new Matcher(indexOf([])).match('event 4283');
    assert.deepEqual(r.results, []);
    assert.equal(r.confidence, 0);
    assert.equal(r.answered, false);
  });

  test('answers nothing for words the corpus does not know', () => {
    const r = matcher.match('zorp quix blen');
    assert.deepEqual(r.results, []);
    assert.equal(r.answered, false);
  });
});

describe('Matcher on what the corpus cannot know', () => {
  const corpus = indexOf([
    article(
      'Q1',
      'Print spooler stops on Windows 2000 Server',
      'On Windows 2000 Server the print spooler service stops when a job is sent.',
    ),
    article(
      'Q2',
      'Logon fails on Windows 2000',
      'Users cannot log on to Windows 2000 after the password is changed.',
    ),
    article('Q3', 'Windows 2000 setup hangs', 'Windows 2000 setup stops responding while copying files.'),
    article(
      'Q4',
      'Windows 10 minute timeout',
      'The dial-up connection drops after a 10 minute idle timeout.',
    ),
  ]);
  const m = new Matcher(corpus);
  const wordFor7 = new Matcher(
    indexOf([
      ...['Q11', 'Q12', 'Q13'].map((id) =>
        article(id, `Word for Windows 7.0 macro ${id}`, 'Word for Windows 7.0 stops when a macro runs.'),
      ),
      ...['Q21', 'Q22', 'Q23'].map((id) =>
        article(id, `Win95 setup ${id}`, 'Win95 setup stops on Windows 95 when copying files.'),
      ),
    ]),
  );

  test('a product version the articles cover is named as known; one they do not, as unknown', () => {
    const known = wordFor7.match('Windows 95 setup stops when copying files');
    assert.equal(known.features?.knownProduct, true);
    assert.equal(known.features?.inScope, true);
    assert.equal(wordFor7.match('win95 setup stops').features?.knownProduct, true);
    // Win32 is an API, not a Windows version.
    assert.equal(wordFor7.match('win32 setup stops').outOfScope, undefined);
    const unknown = wordFor7.match('setup stops on win10 when copying files');
    assert.deepEqual(unknown.outOfScope, ['win10']);
    assert.equal(unknown.features?.knownProduct, false);
  });

  test('"Windows 7" is not known from "Word for Windows 7.0"', () => {
    const r = wordFor7.match('macro stops on Windows 7 Professional');
    assert.equal(r.features?.knownProduct, false);
    assert.equal(wordFor7.match('macro stops in Word for Windows 7.0').features?.knownProduct, true);
  });

  test('a numbered step after a product name is no version', () => {
    const r = m.match('1. Open the print spooler on Windows\n2. Send a job\n3. The spooler stops');
    assert.equal(r.outOfScope, undefined);
  });

  test('a paste that names a covered version and an unknown one is out of scope, not known', () => {
    const r = m.match('after moving from Windows 2000 to Windows 11 the print spooler stops');
    assert.deepEqual(r.outOfScope, ['windows 11']);
    assert.equal(r.features?.knownProduct, false);
  });

  test('a product version no article mentions is out of scope, and said so', () => {
    const r = m.match('The print spooler service stops on Windows 11 when a job is sent');
    assert.deepEqual(r.outOfScope, ['windows 11']);
    assert.equal(r.features?.inScope, false);
  });

  test('a version the articles cover is in scope, whatever else the paste says', () => {
    const r = m.match('The print spooler service stops on Windows 2000 Server when a job is sent');
    assert.equal(r.outOfScope, undefined);
    assert.equal(r.features?.inScope, true);
    assert.equal(r.results[0].id, 'Q1');
  });

  test('a phrase in one article is not enough to cover a product version', () => {
    assert.deepEqual(m.match('spooler stops on Windows 10').outOfScope, ['windows 10']);
  });

  test('words no article uses lower the known share; typos of known words do not', () => {
    assert.equal(m.match('print spooler stops').features?.known, 1);
    assert.equal(m.match('print spooler stopps').features?.known, 1);
    const r = m.match('print spooler stops intune autopilot kubelet');
    assert.ok(r.features!.known < 0.6, String(r.features!.known));
  });

  test('the words of a post in another language are not taken for unknown products', () => {
    const english = m.match('Since this morning the print spooler stops when a job is sent on Windows 2000');
    const german = m.match(
      'Seit heute früh stürzt der Druckspooler ab, wenn ich einen Auftrag sende: print spooler stops. ' +
        'Das passiert nur unter Windows 2000 und ist sehr ärgerlich.',
    );
    assert.equal(german.results[0].id, 'Q1');
    assert.equal(german.features?.known, 1);
    assert.ok(german.features!.coverage >= english.features!.coverage * 0.9, JSON.stringify(german.features));
    // The same unknown words in an English post still count as unknown.
    assert.ok(m.match('print spooler stops intune autopilot kubelet on Windows 2000').features!.known < 0.8);
  });
});

describe('Matcher on a post in another language', () => {
  const m = new Matcher(
    indexOf([
      article(
        'Q1',
        'Setup stops while copying files',
        'Windows 2000 setup stops responding while copying files.',
      ),
      article('Q2', 'Print spooler stops', 'The print spooler service stops when a job is sent.'),
      // One of the archive's few translated articles: its function words are everywhere in a German post.
      article(
        'Q3',
        'Druckertreiber wird nicht installiert',
        'Wenn ich den Druckertreiber mit dem Assistenten installiere, wird er nicht in die Liste der Drucker aufgenommen, und das ist ein Fehler, der auch bei einem Neustart bleibt.',
      ),
    ]),
  );

  test('its function words do not pull the post to a translated article on another problem', () => {
    const r = m.match(
      'Hallo, seit gestern hängt bei mir das Setup, wenn ich es auf dem Server starte, und es ist immer an der gleichen Stelle: ' +
        'setup stops while copying files. Das ist nicht das erste Mal, und auch ein Reboot hilft nicht.',
    );
    assert.equal(r.results[0].id, 'Q1');
    assert.ok(!r.results.some((x) => x.id === 'Q3'), JSON.stringify(r.results));
  });
});

describe("Matcher on a description in the person's own words", () => {
  const articles = [
    article('Q1', 'Excel stops when a chart is printed', 'Excel stops responding when you print a chart.'),
    article('Q2', 'Crashed jobs in the queue', 'Word reports crashed jobs in the queue.'),
    article('Q3', 'Charts lose their colours', 'PowerPoint charts lose their colours.'),
    // The same words as Q5, in a background section after a problem about something else.
    {
      ...article('Q4', 'Setup program reports a disk error', ''),
      sections: {
        symptoms: 'Setup reports a disk error on the second disk.',
        moreInformation:
          'The printer driver crashes when the spooler restarts, and the printer driver crashes again when the spooler restarts twice, as the printer driver crashes whenever the spooler restarts.',
      },
    },
    article(
      'Q5',
      'Spooler restarts',
      'After the spooler restarts on the print server at night the printer driver crashes.',
    ),
  ];
  const matcher = (cfg: Partial<Matcher['config']>) => new Matcher(indexOf(articles), cfg);
  const ids = (cfg: Partial<Matcher['config']>, q: string) =>
    matcher(cfg)
      .match(q)
      .results.map((r) => r.id);

  test("a word's family finds an article that has none of the paste's words as written", () => {
    // Q1 says "print" and "chart"; the paste says "printing" and "charts".
    const q = 'crashed while printing charts';
    assert.ok(ids({}, q).includes('Q1'));
    assert.ok(!ids({ stemWeight: 0 }, q).includes('Q1'));
  });

  test("a word's family counts for less than the word in the coverage that confidence reads", () => {
    const coverage = (cfg: Partial<Matcher['config']>, q: string) => {
      const r = matcher(cfg).match(q);
      assert.equal(r.results[0].id, 'Q1', q);
      return r.features!.coverage;
    };
    const word = coverage({}, 'excel chart');
    const family = coverage({}, 'excel charts');
    const none = coverage({ stemWeight: 0 }, 'excel charts');
    assert.equal(word, 1);
    assert.ok(none < family && family < word, `${none} ${family} ${word}`);
  });

  test('families are looked for in the error, not in the chat around it', () => {
    const q =
      'Setup reports error 0x2741 on the second disk\nI think we were printing charts at the time, any idea?';
    assert.ok(!ids({}, q).includes('Q1'), JSON.stringify(ids({}, q)));
  });

  test('words in the problem count more than the same words in the background', () => {
    const q = 'printer driver crashes when spooler restarts';
    assert.deepEqual(ids({}, q).slice(0, 2), ['Q5', 'Q4']);
    assert.deepEqual(ids({ problemFieldWeight: 0, problemWeight: 0 }, q).slice(0, 2), ['Q4', 'Q5']);
  });
});

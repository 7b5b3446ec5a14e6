/**
 * Fits the confidence model's weights (src/match/calibrate.ts) on a labelled query file:
 *   node --import tsx scripts/fit-confidence.ts --content <archive> \
 *     [--queries ../shared/eval/dev-queries.jsonl,../shared/eval/real-dev.jsonl+<more real pastes>]
 * Positives are labelled 1 (the corpus answers them), negatives 0, and so are errors of other software
 * and a few pastes too vague for any article to be "the" answer (below). Each query file's positives and
 * its negatives count alike (synthetic queries are many, real pastes few, and both must come out
 * right; files joined with '+' count as one), so 0.5 is the point where right and wrong are equally likely to be missed. Prints the
 * weights to paste into calibrate.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KnowledgeBase } from '../src/kb/knowledge-base.js';
import { FEATURE_NAMES, featureVector } from '../src/match/calibrate.js';
import { defaultCacheDir } from '../src/config/paths.js';

/** Errors of software the archive cannot know (written for this script; the eval's own negatives come from the query file). */
const OUT_OF_CORPUS = [
  'Exception in thread "main" java.lang.NullPointerException at com.example.App.main(App.java:12)',
  'Traceback (most recent call last): File "app.py", line 3, in <module> ImportError: No module named requests',
  'npm ERR! code ERESOLVE unable to resolve dependency tree',
  'docker: Error response from daemon: pull access denied for myimage, repository does not exist',
  'System.OutOfMemoryException was thrown in the w3wp worker process',
  'HTTP 502 bad gateway nginx upstream timed out while reading response header',
  'ORA-12154: TNS:could not resolve the connect identifier specified',
  'ssh: connect to host 10.0.0.5 port 22: Connection timed out',
  'Intune enrollment failed 0x80180014 Autopilot device not allowed',
  'Error: ENOSPC: System limit for number of file watchers reached, watch /app/src',
  'Elasticsearch cluster health status changed from [YELLOW] to [RED] (reason: shards failed)',
  'CUDA error: out of memory (tried to allocate 2.00 GiB; GPU 0 has a total capacity of 24 GiB)',
  "Let's Encrypt certbot renew failed: Timeout during connect (likely firewall problem)",
  'MongoServerSelectionError: connection <monitor> to 10.1.2.3:27017 closed',
  'AWS S3 AccessDenied: User arn:aws:iam::123456789012:user/ci is not authorized to perform s3:PutObject',
  'Kubernetes pod CrashLoopBackOff: back-off restarting failed container',
  'redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.',
  'Azure AD Connect sync error: AttributeValueMustBeUnique for proxyAddresses',
];

const VAGUE = [
  'error',
  'network error',
  'access denied',
  'it does not work',
  'the file could not be found',
  'certificate has expired',
  'blue screen after update',
  'cannot connect',
  'printer problem',
  'help',
  'server is slow',
  'login failed',
];

const { values } = parseArgs({
  options: {
    content: { type: 'string' },
    queries: { type: 'string', default: '../shared/eval/dev-queries.jsonl' },
    l2: { type: 'string', default: '0.001' },
  },
});
if (!values.content) throw new Error('--content <archive folder> is required');
const kb = await KnowledgeBase.open({ contentDir: values.content, cacheDir: defaultCacheDir() });
type Row = { x: number[]; y: number; group: string };
const rows: Row[] = [];
// Files joined with '+' form one group (real pastes from several collections, say).
const groups: Array<{ name: string; queries: Array<{ kind: string; query: string }> }> = values
  .queries!.split(',')
  .map((files) => ({
    name: files,
    queries: files.split('+').flatMap((file) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; query: string }),
    ),
  }));
groups.push({
  name: 'written for this script',
  queries: [...OUT_OF_CORPUS, ...VAGUE].map((query) => ({ kind: 'negative', query })),
});
for (const g of groups) {
  for (const q of g.queries) {
    const r = kb.match(q.query);
    if (!r.features || r.features.requested || !r.results.length) continue;
    // The decision to learn is "the corpus answers this paste": a positive whose top result is another
    // article quoting the same message is still answerable, so positives count as 1 and the rest as 0.
    const y = q.kind === 'negative' ? 0 : 1;
    rows.push({ x: featureVector(r.features), y, group: `${g.name}:${y}` });
  }
}
// Plain batch gradient descent on the log loss with a little L2: a few weights need nothing more.
// Every (file, class) group counts alike: wrong answers are few, and missing one costs a help desk
// more than a doubt; real pastes are few but are what the bot is for.
const groupSize = new Map<string, number>();
for (const r of rows) groupSize.set(r.group, (groupSize.get(r.group) ?? 0) + 1);
const rowWeight = (r: Row) => rows.length / (groupSize.size * groupSize.get(r.group)!);
const classWeight = (r: Row) => rowWeight(r);
const dims = rows[0].x.length;
const w = new Array(dims + 1).fill(0);
const l2 = Number(values.l2);
for (let it = 0; it < 20000; it++) {
  const g = new Array(dims + 1).fill(0);
  for (const row of rows) {
    const { x, y } = row;
    const z = w[0] + x.reduce((s, xi, i) => s + xi * w[i + 1], 0);
    const e = (1 / (1 + Math.exp(-z)) - y) * classWeight(row);
    g[0] += e;
    x.forEach((xi, i) => {
      g[i + 1] += e * xi;
    });
  }
  // Weights stay non-negative: more coverage, phrase or margin must never lower the confidence.
  for (let i = 0; i <= dims; i++) {
    w[i] -= 0.5 * (g[i] / rows.length + (i ? l2 * w[i] : 0));
    if (i > 0 && w[i] < 0) w[i] = 0;
  }
}
const names = ['bias', ...FEATURE_NAMES];
console.log(
  `fitted on ${rows.length} queries (${rows.filter((r) => r.y).length} answerable, ${rows.filter((r) => !r.y).length} not)`,
);
for (const [group, n] of groupSize) {
  const answered = rows.filter(
    (r) => r.group === group && w[0] + r.x.reduce((s, xi, i) => s + xi * w[i + 1], 0) >= 0,
  ).length;
  console.log(`  ${group}: ${n} rows, ${answered} answered`);
}
console.log(names.map((n, i) => `  ${n}: ${w[i].toFixed(2)},`).join('\n'));

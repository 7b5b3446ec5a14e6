/**
 * Fits the confidence model's weights (src/match/calibrate.ts) on a labelled query file:
 *   node --import tsx scripts/fit-confidence.ts --content <archive> [--queries ../shared/eval/dev-queries.jsonl]
 * Positives are labelled 1 (the corpus answers them), negatives 0, and so are errors of other software
 * and a few pastes too vague for any article to be "the" answer (below). The two classes are weighted to count
 * alike, so 0.5 is the point where right and wrong are equally likely to be missed. Prints the weights
 * to paste into calibrate.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KnowledgeBase } from '../src/kb/knowledge-base.js';
import { featureVector } from '../src/match/calibrate.js';
import { idKey } from '../src/corpus/article-id.js';
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
  'Let\'s Encrypt certbot renew failed: Timeout during connect (likely firewall problem)',
  'MongoServerSelectionError: connection <monitor> to 10.1.2.3:27017 closed',
  'AWS S3 AccessDenied: User arn:aws:iam::123456789012:user/ci is not authorized to perform s3:PutObject',
  'Kubernetes pod CrashLoopBackOff: back-off restarting failed container',
  'redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.',
  'Azure AD Connect sync error: AttributeValueMustBeUnique for proxyAddresses',
];

const VAGUE = ['error', 'network error', 'access denied', 'it does not work', 'the file could not be found', 'certificate has expired', 'blue screen after update', 'cannot connect', 'printer problem', 'help', 'server is slow', 'login failed'];

const { values } = parseArgs({ options: { content: { type: 'string' }, queries: { type: 'string', default: '../shared/eval/dev-queries.jsonl' }, l2: { type: 'string', default: '0.001' } } });
if (!values.content) throw new Error('--content <archive folder> is required');
const kb = await KnowledgeBase.open({ contentDir: values.content, cacheDir: defaultCacheDir() });
const rows: Array<{ x: number[]; y: number }> = [];
const queries = readFileSync(values.queries!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; query: string; relevant: string[] });
for (const q of [...queries, ...[...OUT_OF_CORPUS, ...VAGUE].map((query) => ({ kind: 'negative', query, relevant: [] as string[] }))]) {
  const r = kb.match(q.query);
  if (!r.features || r.features.requested || !r.results.length) continue;
  // The decision to learn is "the corpus answers this paste": a positive whose top result is another
  // article quoting the same message is still answerable, so positives count as 1 and the rest as 0.
  void idKey;
  rows.push({ x: featureVector(r.features), y: q.kind === 'negative' ? 0 : 1 });
}
// Plain batch gradient descent on the log loss with a little L2: six weights need nothing more.
// Classes are weighted to count alike: wrong answers are few, and missing one costs a help desk more than a doubt.
const positives = rows.filter((r) => r.y).length;
const classWeight = (y: number) => (y ? rows.length / (2 * positives) : rows.length / (2 * (rows.length - positives)));
const dims = rows[0].x.length;
const w = new Array(dims + 1).fill(0);
const l2 = Number(values.l2);
for (let it = 0; it < 20000; it++) {
  const g = new Array(dims + 1).fill(0);
  for (const { x, y } of rows) {
    const z = w[0] + x.reduce((s, xi, i) => s + xi * w[i + 1], 0);
    const e = (1 / (1 + Math.exp(-z)) - y) * classWeight(y);
    g[0] += e;
    x.forEach((xi, i) => (g[i + 1] += e * xi));
  }
  // Weights stay non-negative: more coverage, phrase or margin must never lower the confidence.
  for (let i = 0; i <= dims; i++) {
    w[i] -= 0.5 * (g[i] / rows.length + (i ? l2 * w[i] : 0));
    if (i > 0 && w[i] < 0) w[i] = 0;
  }
}
const names = ['bias', 'coverage', 'phrase', 'titleSim', 'identifier', 'margin', 'specificity'];
console.log(`fitted on ${rows.length} queries (${rows.filter((r) => r.y).length} answerable, ${rows.filter((r) => !r.y).length} not)`);
console.log(names.map((n, i) => `  ${n}: ${w[i].toFixed(2)},`).join('\n'));

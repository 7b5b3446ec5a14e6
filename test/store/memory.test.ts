import { openMemoryStore, type MemoryStore } from '../../src/store/memory-store.js';
import { storeSuite, type Backend } from './store-suite.js';

// Reopening a location gives back the same in-memory store (its close() keeps everything).
const stores = new Map<string, MemoryStore>();
let n = 0;

const backend: Backend = {
  async fresh() {
    return { dataDir: `memory-test-${++n}` };
  },
  async open(opts) {
    const key = opts.dataDir!;
    let s = stores.get(key);
    if (!s) {
      s = openMemoryStore(opts);
      stores.set(key, s);
    }
    return s;
  },
  async rows(store, table) {
    const s = store as MemoryStore;
    if (table === 'kbbot_query') return [...s.queries.values()];
    if (table === 'kbbot_feedback') return s.feedbackRows.map(({ voteKey: _v, ...row }) => row);
    if (table === 'kbbot_escalation') return s.book.all().map((e) => ({ ...e }));
    if (table === 'kbbot_learned') return s.learned().map((p) => ({ ...p }));
    return [...s.claims].map(([key, claimed_at]) => ({ key, claimed_at }));
  },
};

storeSuite('the in-memory store', () => backend);

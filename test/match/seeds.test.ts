import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import type { MatchResult } from '../../src/match/types.js';
import { EVENT_VIEWER_4283, SEED_CONTENT_DIR } from '../fixtures/fixture-files.js';

const summary = (r: MatchResult): string =>
  `confidence ${r.confidence}; got ${r.results.map((x) => `${x.id}:${x.score}`).join(' ')}`;

describe('the seed articles of content/', async () => {
  const kb = await KnowledgeBase.open({ contentDir: SEED_CONTENT_DIR });

  test('event 4283 pasted as an Event Viewer entry finds KB811406 first, answered', () => {
    const r = kb.match(EVENT_VIEWER_4283);
    assert.equal(r.results[0]?.id, 'Q811406', summary(r));
    assert.equal(r.answered, true, summary(r));
  });

  test('"MSExchangeMTA event 4283" finds KB811406 first', () => {
    const r = kb.match('MSExchangeMTA event 4283');
    assert.equal(r.results[0]?.id, 'Q811406', summary(r));
  });

  test('event 11508 from MSExchange POP3 with 0x2741, as an Event Viewer entry, finds Q214864 first, answered', () => {
    const r = kb.match(`Log Name:      Application
Source:        MSExchange POP3
Date:          6/2/1999 8:01:12 AM
Event ID:      11508
Level:         Error
Computer:      MAIL02.contoso.local
Description:
Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741.`);
    assert.equal(r.results[0]?.id, 'Q214864', summary(r));
    assert.equal(r.answered, true, summary(r));
  });

  test('"event 11508 with 0x2741" finds Q214864 first', () => {
    const r = kb.match('event 11508 with 0x2741');
    assert.equal(r.results[0]?.id, 'Q214864', summary(r));
  });

  test('"Register LDAP SSL protocol failed with error 0x2741" finds Q214864 (which says 10049) first, answered', () => {
    const r = kb.match('Register LDAP SSL protocol failed with error 0x2741');
    assert.equal(r.results[0]?.id, 'Q214864', summary(r));
    assert.equal(r.answered, true, summary(r));
    assert.ok(
      r.results[0].reasons.some((x) => x.kind === 'code' && x.detail.includes('10049')),
      JSON.stringify(r.results[0].reasons),
    );
  });

  test('the seeds open by number in any spelling', async () => {
    for (const id of ['Q811406', 'KB811406', '811406'])
      assert.equal((await kb.article(id))?.id, 'Q811406', id);
    for (const id of ['Q214864', 'KB214864', '214864'])
      assert.equal((await kb.article(id))?.id, 'Q214864', id);
    assert.equal(await kb.article('Q1'), undefined);
  });
});

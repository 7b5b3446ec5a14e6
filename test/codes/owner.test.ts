import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeOwner } from '../../src/codes/index.js';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { directKb } from '../../src/conversation/direct-kb.js';
import type { KbService } from '../../src/conversation/types.js';
import { renderAdaptiveCard } from '../../src/render/adaptive-card.js';
import { renderBlockKit } from '../../src/render/block-kit.js';
import { EVENT_4283, SEED_CONTENT } from '../helpers/http.js';

describe('codes in context', () => {
  let kb: KbService;
  before(async () => {
    kb = directKb(await KnowledgeBase.open({ contentDir: SEED_CONTENT }));
  });

  test('the words that name an owner', () => {
    assert.equal(codeOwner('Source: MSExchangeMTA'), 'the Exchange MTA');
    assert.equal(codeOwner('JET_errRecordNotFound'), 'the Jet database engine');
    assert.equal(codeOwner('the application-specific error code 17'), 'the application');
    assert.equal(codeOwner('Accept clients on POP3 interface failed with error 0x2741'), undefined);
  });

  test('the MTA card gives 8464 only as what it would be as a Windows error', async () => {
    const answer = await kb.answer(EVENT_4283);
    assert.equal(answer.codeOwner, 'the Exchange MTA');
    const text = JSON.stringify(renderAdaptiveCard({ kind: 'answer', answer }));
    assert.ok(text.includes('As a Windows error, 8464 would be ERROR_DS_DRA_INCOMPATIBLE_PARTIAL_SET'));
    assert.ok(!text.includes('What this code means'), 'not stated as fact');
    assert.ok(
      JSON.stringify(renderBlockKit({ kind: 'answer', answer }).blocks).includes(
        'As a Windows error, 8464 would be',
      ),
    );
  });

  test('a Winsock code in an Exchange paste that names no owner keeps its decode', async () => {
    const answer = await kb.answer(
      'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741',
    );
    assert.equal(answer.codeOwner, undefined);
    const text = JSON.stringify(renderAdaptiveCard({ kind: 'answer', answer }));
    assert.ok(text.includes('What this code means') && text.includes('0x2741 = 10049 = WSAEADDRNOTAVAIL'));
  });
});

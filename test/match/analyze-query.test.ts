import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeQuery } from '../../src/match/analyze-query.js';
import type { AnalyzedQuery } from '../../src/match/types.js';
import { EVENT_VIEWER_4283 } from '../fixtures/fixture-files.js';

/** The word tokens of a query (sentence punctuation, which phrase matching may keep as tokens, left out). */
const words = (q: AnalyzedQuery): string[] => q.tokens.filter((t) => /[\p{L}\p{N}]/u.test(t));

const EVENT_VIEWER = `${EVENT_VIEWER_4283}. Error code = 8464`;

describe('analyzeQuery on an Event Viewer copy', () => {
  const q = analyzeQuery(EVENT_VIEWER);

  test('keeps the source and the description', () => {
    assert.deepEqual(words(q), ['msexchangemta', 'bad', 'lpis', 'in', 'message', 'error', 'code', '8464']);
  });

  test('drops Log Name, Date, Task Category, Level, Keywords, User and Computer values', () => {
    for (const noise of [
      'application',
      '2003',
      '10',
      '22',
      'interface',
      'warning',
      'classic',
      'n',
      'exch01',
      'contoso',
      'local',
      'log',
      'name',
      'task',
      'category',
      'level',
      'keywords',
      'user',
      'computer',
    ]) {
      assert.ok(!words(q).includes(noise), `"${noise}" should be dropped`);
    }
  });

  test('takes the event id with its source, and the bare id', () => {
    assert.deepEqual(q.identifiers.events, [{ id: 4283 }, { id: 4283, source: 'msexchangemta' }]);
    assert.equal(q.eventSource, 'MSExchangeMTA');
  });

  test('keeps the error code of the description', () => {
    assert.deepEqual(q.identifiers.codes, [8464]);
  });
});

describe('analyzeQuery drops noise', () => {
  test('drops ISO, US and time-only timestamps', () => {
    const q = analyzeQuery(
      '2024-03-14T10:22:31.123Z [2024-03-14 10:22:31] 03/14/2024 10:22 PM 10:22:31 the service failed',
    );
    assert.deepEqual(words(q), ['the', 'service', 'failed']);
  });

  test('drops a log-level prefix', () => {
    assert.deepEqual(words(analyzeQuery('ERROR: the service failed')), ['the', 'service', 'failed']);
    assert.deepEqual(words(analyzeQuery('[worker-3] WARN - the service failed')), [
      'the',
      'service',
      'failed',
    ]);
  });

  test('drops GUIDs, with or without braces', () => {
    const q = analyzeQuery(
      'mailbox {3F2504E0-4F89-11D3-9A0C-0305E82C3301} and 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found',
    );
    assert.deepEqual(words(q), ['mailbox', 'and', 'not', 'found']);
  });

  test('drops IPv4 addresses with or without a port', () => {
    assert.deepEqual(words(analyzeQuery('cannot reach 10.0.0.12:389 or 192.168.1.1 now')), [
      'cannot',
      'reach',
      'or',
      'now',
    ]);
  });

  test('drops fully qualified host names and e-mail addresses', () => {
    const q = analyzeQuery('mail01.corp.contoso.com refused mail for alice@contoso.com');
    assert.deepEqual(words(q), ['refused', 'mail', 'for']);
  });

  test('keeps two-label names, which are usually files (emsmta.exe)', () => {
    const q = analyzeQuery('emsmta.exe stopped');
    assert.deepEqual(words(q), ['emsmta', 'exe', 'stopped']);
    assert.deepEqual(q.identifiers.files, ['emsmta.exe']);
  });

  test('drops Slack code fences, *bold*, _italic_, ~strike~ and backticks', () => {
    const q = analyzeQuery('*Register* _LDAP_ ~SSL~ ```\nprotocol `failed`\n```');
    assert.equal(
      q.text.includes('*') || q.text.includes('`') || q.text.includes('~') || q.text.includes('_'),
      false,
      q.text,
    );
    assert.deepEqual(words(q), ['register', 'ldap', 'ssl', 'protocol', 'failed']);
  });

  test('drops Slack mentions <@U123> and <#C123|general>, and keeps a link label', () => {
    const q = analyzeQuery('<@U123ABC> <#C024BE7LR|general> see <https://x.example/page|the runbook> please');
    assert.ok(!words(q).includes('u123abc'));
    assert.ok(!words(q).includes('general'));
    assert.ok(!/[<>|]/.test(q.text), q.text);
    assert.ok(q.text.includes('the runbook'), q.text);
  });

  test('decodes Slack HTML entities &lt; &gt; &amp;', () => {
    assert.equal(analyzeQuery('a &lt;b&gt; &amp; c').text, 'a <b> & c');
  });

  test('drops chat lead-ins ("hi", "anyone seen this?", "getting this error:")', () => {
    assert.equal(
      analyzeQuery('hi anyone seen this? getting this error: Bad LPIs in message').text,
      'Bad LPIs in message',
    );
    assert.equal(analyzeQuery('pls help: Bad LPIs in message').text, 'Bad LPIs in message');
  });

  test('drops lead-ins followed by a comma ("hi, …", "hi all, …")', () => {
    assert.equal(
      analyzeQuery('hi, anyone seen this? getting this error: Bad LPIs in message').text,
      'Bad LPIs in message',
    );
    assert.equal(analyzeQuery('hi all, getting this error: Bad LPIs in message').text, 'Bad LPIs in message');
  });

  test('keeps identifiers and the message of a noisy paste', () => {
    const q = analyzeQuery(
      '```\n2024-03-14T10:22:31Z ERROR [srv-mail-01.corp.contoso.com] {3F2504E0-4F89-11D3-9A0C-0305E82C3301} 10.0.0.12:636 Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741.\n```',
    );
    assert.ok(
      q.text.includes(
        'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741.',
      ),
      q.text,
    );
    assert.deepEqual(q.identifiers.codes, [10049]);
    assert.deepEqual(q.identifiers.functions, ['hrregisterprotocol']);
    for (const noise of ['2024', 'srv', 'contoso', '3f2504e0', '636'])
      assert.ok(!words(q).includes(noise), noise);
  });
});

describe('analyzeQuery requested ids', () => {
  test('asks for an article named by number in any form', () => {
    assert.deepEqual(analyzeQuery('KB214864').requestedIds, ['Q214864']);
    assert.deepEqual(analyzeQuery('see https://support.microsoft.com/kb/214864').requestedIds, ['Q214864']);
    assert.deepEqual(analyzeQuery('214864').requestedIds, ['Q214864']);
    assert.deepEqual(analyzeQuery('#811406?').requestedIds, ['Q811406']);
  });

  test('does not take a number inside a message for an article number', () => {
    assert.deepEqual(analyzeQuery('failed with error 214864 on startup').requestedIds, []);
  });

  test('a post that mentions an article on the way cites it rather than asking for it', () => {
    const q = analyzeQuery(
      'After I installed hotfix Q246467 the directory service client setup fails with an error about the kernel version',
    );
    assert.deepEqual(q.requestedIds, []);
    assert.deepEqual(q.citedIds, ['Q246467']);
    assert.deepEqual(analyzeQuery('please show me kb article 214864').requestedIds, ['Q214864']);
  });
});

describe('analyzeQuery on localized Event Viewer copies', () => {
  const copies: Record<string, string> = {
    German:
      'Protokollname: System\nQuelle: Service Control Manager\nDatum: 12.03.2024 10:11:12\nEreignis-ID: 7000\nEbene: Fehler\nBenutzer: Nicht zutreffend\nComputer: SRV01\nBeschreibung:\nThe service did not start due to a logon failure.',
    French:
      "Nom du journal : System\nSource : Service Control Manager\nID de l'événement : 7000\nNiveau : Erreur\nUtilisateur : N/A\nDescription :\nThe service did not start due to a logon failure.",
    Spanish:
      'Nombre de registro: System\nOrigen: Service Control Manager\nId. del evento: 7000\nNivel: Error\nUsuario: N/D\nEquipo: SRV01\nDescripción:\nThe service did not start due to a logon failure.',
    Italian:
      'Nome registro: System\nOrigine: Service Control Manager\nID evento: 7000\nLivello: Errore\nUtente: N/D\nDescrizione:\nThe service did not start due to a logon failure.',
    Portuguese:
      'Nome do Log: System\nFonte: Service Control Manager\nIdentificação do Evento: 7000\nNível: Erro\nUsuário: N/A\nDescrição:\nThe service did not start due to a logon failure.',
    Dutch:
      'Logboeknaam: System\nBron: Service Control Manager\nGebeurtenis-id: 7000\nNiveau: Fout\nGebruiker: n.v.t.\nBeschrijving:\nThe service did not start due to a logon failure.',
    Japanese:
      'ログの名前: System\nソース: Service Control Manager\nイベント ID: 7000\nレベル: エラー\nユーザー: N/A\n説明:\nThe service did not start due to a logon failure.',
  };
  for (const [language, copy] of Object.entries(copies)) {
    test(`${language} labels give the same event id and source as English ones`, () => {
      const q = analyzeQuery(copy);
      assert.equal(q.eventSource, 'Service Control Manager');
      assert.deepEqual(q.identifiers.events, [{ id: 7000 }, { id: 7000, source: 'servicecontrolmanager' }]);
      assert.ok(q.text.includes('The service did not start due to a logon failure.'), q.text);
      assert.ok(!/system|srv01|n\/a/i.test(q.text.replace('Service Control Manager', '')), q.text);
    });
  }
});

describe('analyzeQuery limits', () => {
  test('reads at most maxChars characters and maxTokens tokens', () => {
    const q = analyzeQuery(`${'word '.repeat(1000)}tail`, 100, 7);
    assert.equal(q.tokens.length, 7);
    assert.ok(!words(q).includes('tail'));
    assert.ok(q.text.length <= 100);
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../../src/corpus/parse-article.js';
import { parseWebKb } from '../../src/corpus/parse-web-kb.js';
import { ParseError } from '../../src/corpus/parse-error.js';
import type { Article } from '../../src/corpus/types.js';
import { SEED_CONTENT_DIR } from '../fixtures/fixture-files.js';

async function seed(name: string): Promise<Article> {
  return parseArticle(await readFile(path.join(SEED_CONTENT_DIR, name)), name);
}

describe('parseWebKb on the KB811406 seed (id in brackets after the title)', async () => {
  const a = await seed('KB811406-exchange-mta-event-4283.txt');

  test('takes the id from "(811406)" at the end of the title and drops it from the title', () => {
    assert.equal(a.format, 'web-kb');
    assert.equal(a.id, 'Q811406');
    assert.deepEqual(a.aliases, ['KB811406', '811406']);
    assert.equal(a.title, 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
  });

  test('reads the • applies-to bullet', () => {
    assert.deepEqual(a.appliesTo, ['Microsoft Exchange 2000 Server']);
  });

  test('splits SYMPTOMS, RESOLUTION and STATUS and stops at the footer', () => {
    assert.deepEqual(Object.keys(a.sections), ['symptoms', 'resolution', 'status']);
    assert.match(
      a.sections.symptoms!,
      /^The Exchange message transfer agent \(MTA\) may generate event ID 4283/,
    );
    assert.match(a.sections.resolution!, /^Cumulative Patch Information/);
    assert.match(a.sections.resolution!, /Emsmta\.exe/);
    assert.equal(
      a.sections.status,
      'Microsoft has confirmed that this is a problem in Microsoft Exchange 2000 Server.',
    );
    assert.ok(!Object.values(a.sections).some((s) => /Idea Section|Modification Type|Keywords:/.test(s!)));
  });

  test('reads the Keywords footer without the KB number and the Last Reviewed date', () => {
    assert.deepEqual(a.keywords, ['kbHotfixServer', 'kbQFE', 'kbfix', 'kbExchange2000preSP4fix', 'kbbug']);
    assert.equal(a.dates.reviewed, '10/10/2005');
  });

  test('finds event 4283 with its source MSExchangeMTA, and the bare id', () => {
    assert.ok(a.identifiers.events.some((e) => e.id === 4283 && e.source === 'msexchangemta'));
    assert.ok(a.identifiers.events.some((e) => e.id === 4283 && e.source === undefined));
  });

  test('takes "Error code = 8464" as a code but not the file size 1,798,144 or the version numbers', () => {
    assert.deepEqual(a.identifiers.codes, [8464]);
  });

  test('finds the file emsmta.exe in lower case', () => {
    assert.deepEqual(a.identifiers.files, ['emsmta.exe']);
  });

  test('does not invent an event source from "event ID 4283 in the Application Event log"', () => {
    assert.deepEqual(
      a.identifiers.events.filter((e) => e.id === 4283 && e.source).map((e) => e.source),
      ['msexchangemta'],
    );
  });
});

describe('parseWebKb on the Q214864 seed (ID: line)', async () => {
  const a = await seed('Q214864-exchange-protocols-fail-nt4-sp4.txt');

  test('takes the id from the "ID: Q214864" line and the first line as title', () => {
    assert.equal(a.id, 'Q214864');
    assert.deepEqual(a.aliases, ['KB214864', '214864']);
    assert.equal(a.title, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
  });

  test('reads the three applies-to bullets', () => {
    assert.deepEqual(a.appliesTo, [
      'Microsoft Windows NT Server version 4.0 SP4',
      'Microsoft Windows NT Server, Enterprise Edition version 4.0 SP4',
      'Microsoft Exchange Server, versions 5.0, 5.5',
    ]);
  });

  test('splits symptoms, cause, resolution and status', () => {
    assert.deepEqual(Object.keys(a.sections), ['symptoms', 'cause', 'resolution', 'status']);
    assert.match(a.sections.symptoms!, /^After you apply Windows NT 4\.0 Service Pack 4/);
    assert.match(a.sections.symptoms!, /Register LDAP SSL protocol failed with error 10049\./);
    assert.match(a.sections.cause!, /^Windows NT 4\.0 Service Pack 4 causes NDISWAN Services/);
    assert.match(a.sections.resolution!, /^To resolve this problem, obtain the latest service pack/);
    assert.equal(
      a.sections.status,
      'Microsoft has confirmed this to be a problem in Windows NT 4.0 Service Pack 4. This problem was first corrected in Windows NT version 4.0 Service Pack 5.',
    );
  });

  test('reads "Additional query words" and "Keywords :" into keywords, and Last Reviewed', () => {
    assert.deepEqual(a.keywords, [
      'sbsfaqtop',
      '4.00',
      'xadm',
      'protocol',
      'hrRegisterProtocol',
      'kbbug4.00',
      'kbfix4.00',
      'nt4sp5fix',
    ]);
    assert.equal(a.dates.reviewed, 'August 27, 1999');
  });

  test('pairs each EventID with the Source line of its block', () => {
    const sourced = a.identifiers.events.filter((e) => e.source);
    assert.deepEqual(sourced, [
      { id: 1309, source: 'msexchangeds' },
      { id: 11508, source: 'msexchangepop3' },
      { id: 1194, source: 'msexchangeis' },
      { id: 11506, source: 'msexchangeimap4' },
    ]);
    assert.deepEqual(
      a.identifiers.events
        .filter((e) => !e.source)
        .map((e) => e.id)
        .sort((x, y) => x - y),
      [1194, 1309, 11506, 11508],
    );
  });

  test('gives error 10049 and 0x2741 one key, and keeps 0x80004005 but not port 636', () => {
    assert.deepEqual(
      [...a.identifiers.codes].sort((x, y) => x - y),
      [10049, 0x80004005],
    );
  });

  test('finds the function HrRegisterProtocol and the hotfix files', () => {
    assert.ok(a.identifiers.functions.includes('hrregisterprotocol'));
    assert.ok(a.identifiers.functions.includes('gethostbyname'));
    assert.ok(a.identifiers.files.includes('rnr-fixi.exe'));
    assert.ok(a.identifiers.files.includes('rnr-fixa.exe'));
  });
});

describe('parseWebKb errors', () => {
  test('throws a ParseError on line 1 when no id is found', () => {
    assert.throws(
      () =>
        parseWebKb(
          'Some Service Fails to Start\n\nID: Q12345 (draft)\n\nSYMPTOMS\n\nThe service fails.\n',
          'x.txt',
        ),
      (e: unknown) => e instanceof ParseError && e.line === 1 && /no article id/.test(e.message),
    );
  });

  test('throws "file is empty" for whitespace only', () => {
    assert.throws(() => parseWebKb('\n\n  \n', 'x.txt'), /file is empty/);
  });
});

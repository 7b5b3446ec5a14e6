import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBlocks } from '../../src/answer/text-blocks.js';
import { findRefs } from '../../src/answer/article-refs.js';

/** Written for the tests, laid out as the KB archive lays out its articles (hard-wrapped, indented blocks). */
const HOTFIX = [
  'The English version of this fix has the file attributes (or later) that are listed in the',
  'following table.',
  '   Date         Time   Version            Size    File name',
  '   --------------------------------------------------------------',
  '   02-Jan-2003  19:28  6.0.6394.0      1,798,144  Emsmta.exe',
].join('\n');

const REGISTRY_STEPS = [
  'To work around this problem, follow these steps:',
  '',
  '1. Start Registry Editor (Regedt32.exe).',
  '2. Locate the following key in the registry:',
  '',
  '   HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\MSExchangeMTA\\Parameters',
  '',
  '3. On the Edit menu, click Add Value, and then add the following',
  '   registry value:',
  '',
  '   Value Name: Max Connections',
  '',
  '   The value takes effect when the service starts again, as described',
  '   in the following steps of this article about the service.',
  '',
  '4. Quit Registry Editor and restart the service:',
  '',
  '   net stop msexchangemta',
  '   net start msexchangemta',
].join('\n');

describe('splitBlocks', () => {
  test('a file-version table under a paragraph stays a table, lines and columns kept', () => {
    const blocks = splitBlocks(HOTFIX);
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['text', 'pre'],
    );
    assert.equal(
      blocks[0].kind === 'text' && blocks[0].text,
      'The English version of this fix has the file attributes (or later) that are listed in the following table.',
    );
    const pre = blocks[1].kind === 'pre' ? blocks[1].text.split('\n') : [];
    assert.equal(pre.length, 3);
    assert.match(pre[2], /^02-Jan-2003 {2}19:28 {2}6\.0\.6394\.0 {6}1,798,144 {2}Emsmta\.exe$/);
  });

  test('numbered steps stay one list; a registry key or command under a step belongs to it; an indented paragraph continues it', () => {
    const blocks = splitBlocks(REGISTRY_STEPS);
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['text', 'steps'],
    );
    const steps = blocks[1].kind === 'steps' ? blocks[1].items : [];
    assert.equal(steps.length, 4);
    assert.match(
      steps[1].pre ?? '',
      /^HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\MSExchangeMTA\\Parameters$/,
    );
    assert.equal(
      steps[2].text,
      'On the Edit menu, click Add Value, and then add the following registry value: The value takes effect when the service starts again, as described in the following steps of this article about the service.',
    );
    assert.equal(steps[2].pre, 'Value Name: Max Connections');
    assert.equal(steps[3].pre, 'net stop msexchangemta\nnet start msexchangemta');
  });

  test('hard-wrapped prose is joined; a heading underline is not a table; a lone URL is text', () => {
    const blocks = splitBlocks(
      'Windows NT 3.51\n---------------\n\nThe fix is\navailable now.\n\n   http://support.microsoft.com/default.aspx?scid=fh;EN-US;CNTACTMS',
    );
    assert.deepEqual(blocks, [
      { kind: 'text', text: 'Windows NT 3.51' },
      { kind: 'text', text: 'The fix is available now.' },
      { kind: 'text', text: 'http://support.microsoft.com/default.aspx?scid=fh;EN-US;CNTACTMS' },
    ]);
  });
});

describe('findRefs', () => {
  test('reference lines, article numbers and KB links, each once, in order, not the article itself', () => {
    const text = [
      'For more information, click the following article number:',
      '',
      '813840 XGEN: March 2003 Exchange 2000 Server Post-Service Pack 3 Rollup',
      '',
      'See also Q256986, KB811406 and https://support.microsoft.com/kb/301378 or',
      'http://support.microsoft.com/default.aspx?scid=kb;en-us;813840 and support.microsoft.com/?id=214864.',
    ].join('\n');
    assert.deepEqual(findRefs(text, 'Q811406'), [
      { id: 'Q813840', label: '813840 XGEN: March 2003 Exchange 2000 Server Post-Service Pack 3 Rollup' },
      { id: 'Q256986', label: 'KB256986' },
      { id: 'Q301378', label: 'KB301378' },
      { id: 'Q214864', label: 'KB214864' },
    ]);
  });
});

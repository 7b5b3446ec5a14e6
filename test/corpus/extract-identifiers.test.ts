import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { codeKeys, extractIdentifiers, sourceKey } from '../../src/corpus/extract-identifiers.js';
import { parseCodeInput } from '../../src/codes/parse.js';

const codesOf = (text: string): number[] => [...extractIdentifiers(text).codes].sort((a, b) => a - b);
const kbRefsOf = (text: string): string[] => extractIdentifiers(text).kbRefs;
const sourcedEvents = (text: string) => extractIdentifiers(text).events.filter((e) => e.source);

describe('error codes', () => {
  test('gives 0x2741 and 10049 the same key', () => {
    assert.deepEqual(codesOf('Register LDAP SSL protocol failed with error 0x2741.'), [10049]);
    assert.deepEqual(codesOf('Register LDAP SSL protocol failed with error 10049.'), [10049]);
  });

  test('gives 0x3F3 and "error 1011" the same key', () => {
    assert.deepEqual(codesOf('failed with error 0x3F3'), [1011]);
    assert.deepEqual(codesOf('failed with error 1011'), [1011]);
  });

  test('reads the negative decimal -2147467259 as 0x80004005, like the hex and the 8-digit form', () => {
    assert.deepEqual(codesOf('the call returned -2147467259'), [0x80004005]);
    assert.deepEqual(codesOf('hr=0x80004005'), [0x80004005]);
    assert.deepEqual(codesOf('error 80004005'), [0x80004005]);
  });

  test('reads "rc = 61444", "Error code = 8464" and "STOP 0x0000007B"', () => {
    assert.deepEqual(codesOf('rc = 61444'), [61444]);
    assert.deepEqual(codesOf('Error code = 8464'), [8464]);
    assert.deepEqual(codesOf('STOP 0x0000007B'), [0x7b]);
  });

  test('reads a decimal code written with thousands separators, and not its first group alone', () => {
    assert.deepEqual(codesOf('failed with error code 1,798,144.'), [1798144]);
    assert.deepEqual(codesOf('the call returned 2,147,942,405'), [5, 0x80070005]);
    assert.deepEqual(codesOf('error 1,2 and 3'), []);
    assert.deepEqual(codesOf('error 10049, then error 5'), [5, 10049]);
  });

  test('reads code symbols from the code table (WSAEADDRNOTAVAIL, ERROR_ACCESS_DENIED, E_FAIL)', () => {
    assert.deepEqual(codesOf('WSAEADDRNOTAVAIL'), [10049]);
    assert.deepEqual(codesOf('ERROR_ACCESS_DENIED'), [5]);
    assert.deepEqual(codesOf('E_FAIL'), [0x80004005]);
  });

  test('keeps an HRESULT 0x80070005 as it is written', () => {
    assert.ok(codesOf('HRESULT 0x80070005').includes(0x80070005));
  });

  test('lets HRESULT 0x80070005 carry its Win32 code 5', () => {
    assert.deepEqual(codesOf('HRESULT 0x80070005'), [5, 0x80070005]);
    assert.deepEqual(codeKeys(0x80070005), [0x80070005, 5]);
  });

  test('does not take ports, years, sizes or versions for codes', () => {
    for (const text of [
      'Make sure port number 636 is not used by another application.',
      'listening on port 636',
      'This was changed in 1998.',
      'Emsmta.exe 6.0.6394.0 1,798,144 bytes',
      'Windows 2000 SP3, Exchange version 5.5',
      'Event ID 4283',
    ]) {
      assert.deepEqual(codesOf(text), [], text);
    }
  });
});

describe('codes after a code word, read as the codes table reads them', () => {
  test('reads hex, 8 hex digits, negative 32-bit and decimal', () => {
    assert.deepEqual(codesOf('error 0x2741'), [10049]);
    assert.deepEqual(codesOf('error 8007000E'), [14, 0x8007000e]);
    assert.deepEqual(codesOf('error -2147467259'), [0x80004005]);
    assert.deepEqual(codesOf('error 1011'), [1011]);
    assert.deepEqual(codesOf('error 99999999999'), []);
    assert.deepEqual(codesOf('error 20031231'), [20031231], 'eight digits not starting with 0, 8 or C');
  });

  test('reads eight digits starting with 0 as hex, as a blue screen or a dump prints them', () => {
    assert.deepEqual(codesOf('STOP 00000050 (fffffff8,00000000,00000000,00000000)'), [0x50]);
    assert.deepEqual(codesOf('Disk I/O Error Status=00008000'), [0x8000]);
    assert.deepEqual(codesOf('error 00001234'), [0x1234]);
  });

  test('gives the value `decode` gives for the same text', () => {
    for (const text of [
      'error 00001234',
      'STOP 0000001E',
      'error 80070005',
      'error 0x2741',
      'error 10049',
      'rc = -2147467259',
      'status C0000022',
      'error 1,798,144',
    ]) {
      const decoded = parseCodeInput(text).value as number;
      assert.ok(decoded !== undefined, text);
      assert.ok(codesOf(text).includes(decoded), `${text}: ${codesOf(text)} lacks ${decoded}`);
    }
  });

  test('gives a plain code a single key', () => {
    assert.deepEqual(codeKeys(10049), [10049]);
    assert.deepEqual(codeKeys(0x80004005), [0x80004005]);
  });
});

describe('event ids and their sources', () => {
  test('pairs "Event ID:" with the Source: line of an Event Viewer copy, either order', () => {
    assert.deepEqual(sourcedEvents('Source: MSExchangeMTA\nEvent ID: 4283\nDescription: Bad LPIs'), [
      { id: 4283, source: 'msexchangemta' },
    ]);
    assert.deepEqual(sourcedEvents('Event ID: 4283\nSource: MSExchangeMTA'), [
      { id: 4283, source: 'msexchangemta' },
    ]);
  });

  test('reads the source from "MSExchangeMTA event 4283"', () => {
    assert.deepEqual(sourcedEvents('MSExchangeMTA event 4283'), [{ id: 4283, source: 'msexchangemta' }]);
  });

  test('reads the source from "event id 4283 from MSExchangeMTA"', () => {
    assert.deepEqual(sourcedEvents('event id 4283 from MSExchangeMTA'), [
      { id: 4283, source: 'msexchangemta' },
    ]);
  });

  test('keeps the bare id beside the sourced one, so "event 4283" alone still matches', () => {
    assert.deepEqual(extractIdentifiers('MSExchangeMTA event 4283').events, [
      { id: 4283, source: 'msexchangemta' },
      { id: 4283 },
    ]);
    assert.deepEqual(extractIdentifiers('event 4283').events, [{ id: 4283 }]);
  });

  test('normalises a source with spaces and case ("MSExchange POP3" → msexchangepop3)', () => {
    assert.equal(sourceKey('MSExchange POP3'), 'msexchangepop3');
    assert.deepEqual(sourcedEvents('EventID: 11508\nSource: MSExchange POP3\nDescription:\nAccept clients'), [
      { id: 11508, source: 'msexchangepop3' },
    ]);
  });

  test('gives each block of several Event Viewer entries its own source', () => {
    const text =
      'EventID: 1309\nSource: MSExchangeDS\nDescription:\nRegister LDAP SSL protocol failed.\n\nEventID: 11508\nSource: MSExchange POP3\nDescription:\nAccept clients failed.\n';
    assert.deepEqual(sourcedEvents(text), [
      { id: 1309, source: 'msexchangeds' },
      { id: 11508, source: 'msexchangepop3' },
    ]);
  });

  test('reads "Event Source:" of the Windows 2003 Event Viewer layout, not the category before "Event ID:"', () => {
    const text =
      'Event Type: Error\nEvent Source: MSExchangeDSAccess\nEvent Category: Topology\nEvent ID: 2114\nDescription:\nTopology Discovery failed.';
    assert.deepEqual(sourcedEvents(text), [{ id: 2114, source: 'msexchangedsaccess' }]);
  });

  test('gives a multi-word source the same key in both word orders', () => {
    assert.deepEqual(sourcedEvents('Service Control Manager event 7000'), [
      { id: 7000, source: 'servicecontrolmanager' },
    ]);
    assert.deepEqual(sourcedEvents('event 7000 from Service Control Manager'), [
      { id: 7000, source: 'servicecontrolmanager' },
    ]);
  });
});

describe('KB article numbers', () => {
  test('reads Q214864, KB214864 and "kb 214864"', () => {
    assert.deepEqual(kbRefsOf('Q214864'), ['214864']);
    assert.deepEqual(kbRefsOf('KB214864'), ['214864']);
    assert.deepEqual(kbRefsOf('see kb 214864 for details'), ['214864']);
  });

  test('reads "see article 214864" and "Knowledge Base article Q214864"', () => {
    assert.deepEqual(kbRefsOf('see article 214864'), ['214864']);
    assert.deepEqual(kbRefsOf('Knowledge Base article Q214864'), ['214864']);
  });

  test('reads support URLs /kb/214864 and ?id=214864', () => {
    assert.deepEqual(kbRefsOf('https://support.microsoft.com/kb/214864'), ['214864']);
    assert.deepEqual(kbRefsOf('http://support.microsoft.com/?id=214864'), ['214864']);
  });

  test('reads the support URL default.aspx?scid=kb;en-us;214864', () => {
    assert.deepEqual(kbRefsOf('http://support.microsoft.com/default.aspx?scid=kb;en-us;214864'), ['214864']);
  });

  test('does not read a bare number or a short Q-word as a KB number', () => {
    assert.deepEqual(kbRefsOf('error 10049 on port 636'), []);
    assert.deepEqual(kbRefsOf('Q12 results'), []);
  });
});

describe('files and functions', () => {
  test('reads file names in lower case, without surrounding punctuation', () => {
    assert.deepEqual(
      extractIdentifiers(
        'The file Emsmta.exe (and scsiport.sys) crashed; see C:\\WINNT\\system32\\wsock32.dll.',
      ).files,
      ['emsmta.exe', 'scsiport.sys', 'wsock32.dll'],
    );
  });

  test('reads "in function HrRegisterProtocol" and "GetHostByName()" as functions', () => {
    assert.deepEqual(
      extractIdentifiers('failed in function HrRegisterProtocol with error 0x2741').functions,
      ['hrregisterprotocol'],
    );
    assert.deepEqual(extractIdentifiers('calling GetHostByName() failed').functions, ['gethostbyname']);
  });

  test('does not take plain words after "function" for function names', () => {
    assert.deepEqual(extractIdentifiers('this function returns nothing').functions, []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageNotice, pasteWithImage } from '../../src/ocr/paste.js';
import { repairCodes, screenshotText } from '../../src/ocr/screenshot-text.js';

describe('repairCodes', () => {
  const cases: Array<[string, string]> = [
    ['Error code 0x8007000S: Access is denied.', 'Error code 0x80070005: Access is denied.'],
    ['failed with Ox8OO4O1l9', 'failed with 0x80040119'],
    ['returned 0x8007000B', 'returned 0x8007000B'], // B is a hex digit
    ['System error lO68 has occurred.', 'System error 1068 has occurred.'],
    ['Error 1O58: The service', 'Error 1058: The service'],
    ['Event lD: 4Ol3', 'Event ID: 4013'],
    ['Event ID: 2B3', 'Event ID: 283'],
  ];
  for (const [ocr, want] of cases)
    it(`reads ${JSON.stringify(ocr)} as ${JSON.stringify(want)}`, () => assert.equal(repairCodes(ocr), want));

  it('leaves words after "error" alone', () => {
    assert.equal(repairCodes('Error Slot is full. Stop Sign'), 'Error Slot is full. Stop Sign');
    assert.equal(repairCodes('Status Bar'), 'Status Bar');
  });
});

describe('screenshotText', () => {
  it('keeps a dialog title and message, drops its buttons and the icon read as a symbol', () => {
    const r = screenshotText(
      'Services\n\n© Could not start the Print Spooler service.\nError 1O58: The service cannot be started.\n\nOK   Cancel\n',
    );
    assert.equal(
      r.text,
      'Services\nCould not start the Print Spooler service.\nError 1058: The service cannot be started.',
    );
    assert.equal(r.event, undefined);
  });

  it('reads an Event Properties window: the fields first, then the description, without when and where', () => {
    const ocr = [
      'Event 4013, DNS',
      'General | Details',
      'The DNS server is waiting for Active Directory Domain Services (AD DS) to signal.',
      'Log Name: System',
      'Source: DNS Logged: 3/14/2024 9:26:53 AM',
      'Event lD: 4Ol3 Task Category: None',
      'Level: Warning Keywords: Classic',
      'User: N/A Computer: SRV-FILES01',
    ].join('\n');
    const r = screenshotText(ocr);
    assert.deepEqual(r.event, { source: 'DNS', eventId: '4013', level: 'Warning' });
    assert.equal(
      r.text,
      'Event ID: 4013\nSource: DNS\nLevel: Warning\nThe DNS server is waiting for Active Directory Domain Services (AD DS) to signal.',
    );
  });

  it('reads the Windows 2000/XP Event Properties dialog, whose fields come two by two', () => {
    const ocr = [
      'Event Properties',
      'Event',
      'Date: 3/14/2004 Source: W32Time',
      'Time: 9:26:53 AM Category: None',
      'Type: Error Event lD: 29',
      'User: N/A',
      'Computer: SRV-FILES01',
      'Description:',
      'The time provider NtpClient cannot reach its time sources.',
      'OK Cancel Apply',
    ].join('\n');
    const r = screenshotText(ocr);
    assert.deepEqual(r.event, { source: 'W32Time', eventId: '29', level: 'Error' });
    assert.equal(
      r.text,
      'Event ID: 29\nSource: W32Time\nLevel: Error\nThe time provider NtpClient cannot reach its time sources.',
    );
  });

  it('reads an I misread as l in an event source name, and drops a misread tab label', () => {
    const r = screenshotText(
      'Event 4120, MSExchangelMC\nDetas\nThe notification was aborted.\nSource: MSExchangelMC Logged: 3/14/2024\nEvent ID: 4120',
    );
    assert.equal(r.event?.source, 'MSExchangeIMC');
    assert.equal(r.text, 'Event ID: 4120\nSource: MSExchangeIMC\nThe notification was aborted.');
  });

  it("keeps a console's command and output, drops the banner and the empty prompt", () => {
    const ocr =
      'Microsoft Windows [Version 10.0.19045.3570]\n(c) Microsoft Corporation. All rights reserved.\n\nC:\\>net start wuauserv\nSystem error 1068 has occurred.\n\nC:\\>\n';
    assert.equal(screenshotText(ocr).text, 'net start wuauserv\nSystem error 1068 has occurred.');
  });
});

describe('the paste and the notice', () => {
  it('adds typed words only when they say something', () => {
    assert.equal(pasteWithImage('what is this?', 'Error 1058'), 'Error 1058');
    assert.equal(
      pasteWithImage('on SRV01 after KB5034441', 'Error 1058'),
      'on SRV01 after KB5034441\nError 1058',
    );
  });
  it('shows the text read on one line, shortened', () => {
    const n = imageNotice(`Error 1058\n${'x'.repeat(600)}`);
    assert.match(
      n,
      /^Read from your screenshot: "Error 1058 x+…"\. If I misread it, paste the error text instead\.$/,
    );
    assert.ok(n.length < 400);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { EVENT_4283, startTestServer, tempContent, type TestServer } from '../helpers/http.js';
import { OCR_FIXTURES } from '../ocr/images.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (the playground browser test is skipped)`;
const ARTIFACTS = path.join(PACKAGE_ROOT, 'test-artifacts');

let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const offHost: string[] = [];

before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  content = await tempContent();
  server = await startTestServer({ contentDir: content.dir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  // Everything must come from kbbot itself: anything else is refused and noted.
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === server.url) return route.continue();
    offHost.push(u.href);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/`);
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server?.close();
  await content?.remove();
});

describe('the playground in a real browser (Chromium)', { skip }, () => {
  test('shows the content panel: article count and formats', async () => {
    await page.locator('#corpus-pill[data-state="ready"]').waitFor({ timeout: 10_000 });
    const facts = await page.locator('#content-facts').innerText();
    assert.match(facts, /Articles\s+3/);
    assert.match(facts, /2 web KB text, 1 Markdown/);
    assert.match(await page.locator('#content-problems').innerText(), /Every file loaded/);
  });

  test('Shift+Enter breaks the line without sending', async () => {
    await page.locator('#paste').click();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.equal(await page.locator('#paste').inputValue(), 'first line\nsecond line');
    assert.equal(await page.locator('#teams-card').getAttribute('data-kind'), '');
  });

  test('pasting the Event Viewer entry for event 4283 and pressing Enter shows the card for KB811406', async () => {
    await page.locator('#paste').fill(EVENT_4283);
    await page.locator('#paste').press('Enter');
    const teams = page.locator('#teams-card[data-kind="answer"]');
    await teams.waitFor({ timeout: 10_000 });
    const card = await teams.innerText();
    assert.match(card, /Event ID 4283, MTA May Stop Accepting Incoming Connections/);
    assert.match(card, /KB811406/);
    assert.match(card, /Confidence\s+\d+% \(high\)/);
    assert.match(card, /Why it matched\s+event 4283/);
    assert.ok(
      (await page.locator('#teams-card .ac-adaptiveCard').count()) === 1,
      'rendered by the adaptivecards library',
    );
    const slack = await page.locator('#slack-preview').innerText();
    assert.match(slack, /Event ID 4283, MTA May Stop Accepting Incoming Connections/);
    assert.match(slack, /Confidence: \d+% \(high\)/);
    assert.match(await page.locator('#summary').innerText(), /Why it matched/);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-answer.png'), fullPage: true });
  });

  test('clicking one of the other matches opens that article', async () => {
    await page.locator('#paste').fill('more');
    await page.locator('#paste').press('Enter');
    await page.locator('#teams-card[data-kind="more"]').waitFor({ timeout: 10_000 });
    const alternative = page.locator('#teams-card button', { hasText: 'RB-LDAP-636' });
    await alternative.click();
    const teams = page.locator('#teams-card[data-kind="article"]');
    await teams.waitFor({ timeout: 10_000 });
    const card = await teams.innerText();
    assert.match(card, /LDAPS listener does not start because port 636 is already in use/);
    assert.match(card, /opened by id RB-LDAP-636/);
    assert.match(card, /1\. Find what holds the port/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-alternative.png'), fullPage: true });
  });

  test('"no confident match" is shown as the bots show it', async () => {
    await page.locator('#paste').fill('the coffee machine in building 4 prints PC LOAD LETTER');
    await page.locator('#paste').press('Enter');
    await page.locator('#teams-card[data-kind="answer"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() =>
      document.querySelector('#teams-card')?.textContent?.includes('No confident match'),
    );
    assert.match(await page.locator('#slack-preview').innerText(), /No confident match/);
  });

  test('the unanswered paste shows up under content gaps, and clicking it asks again', async () => {
    const gap = page.locator('#gaps-unanswered li', { hasText: 'PC LOAD LETTER' });
    await gap.waitFor({ timeout: 10_000 });
    assert.match(await gap.innerText(), /×1/);
    await gap.locator('button').click();
    await page.waitForFunction(() =>
      (document.querySelector('#paste') as HTMLTextAreaElement | null)?.value.includes('PC LOAD LETTER'),
    );
    await page.locator('#gaps-unanswered li', { hasText: '×2' }).waitFor({ timeout: 10_000 });
  });

  test('"Ask the help desk" hands over; the help-desk panel answers it; the same paste then finds that article', async () => {
    const paste =
      'Backup job NightlyFS failed: VSS writer SqlServerWriter timed out, error 0x800423f4 at 02:14:07';
    await page.locator('#paste').fill(paste);
    await page.locator('#paste').press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('#teams-card')?.textContent?.includes('No confident match'),
    );
    await page.locator('#teams-card button', { hasText: 'Ask the help desk' }).click();
    await page.locator('#teams-card[data-kind="escalated"]').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#teams-card').innerText(), /sent this to the help desk/);
    const row = page.locator('#helpdesk-body .handover', { hasText: 'NightlyFS' });
    await row.waitFor({ timeout: 10_000 });
    await row.locator('input').fill('KB214864');
    await row.locator('button', { hasText: 'Send answer' }).click();
    await page.locator('#teams-card[data-kind="article"]').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#teams-card').innerText(), /the playground, from the help desk/);
    await page
      .locator('#helpdesk-body', { hasText: 'Learned from answers' })
      .locator('button', { hasText: 'Forget' })
      .waitFor({ timeout: 10_000 });
    await page.locator('#gaps-escalations', { hasText: '0 open, 1 answered' }).waitFor({ timeout: 15_000 });
    await page.locator('#paste').fill(paste);
    await page.locator('#paste').press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('#teams-card')?.textContent?.includes('answered by the help desk on'),
    );
    assert.match(await page.locator('#teams-card').innerText(), /KB214864/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-help-desk.png'), fullPage: true });
  });

  test('a screenshot chosen with "Screenshot…" is read and answered; the text read becomes the paste', async () => {
    await page.locator('#image-file').setInputFiles(path.join(OCR_FIXTURES, 'event-mta-4283.png'));
    await page.waitForFunction(
      () => document.querySelector('#teams-card')?.textContent?.includes('Read from your screenshot'),
      undefined,
      { timeout: 30_000 },
    );
    assert.match(
      await page.locator('#teams-card').innerText(),
      /Event ID 4283, MTA May Stop Accepting Incoming Connections/,
    );
    assert.match(await page.locator('#paste').inputValue(), /^Event ID: 4283\nSource: MSExchangeMTA/);
  });

  test('a screenshot pasted from the clipboard is read and answered', async () => {
    await page.locator('#paste').fill('');
    const png = (await readFile(path.join(OCR_FIXTURES, 'win10-ldaps-10048.png'))).toString('base64');
    await page.locator('#paste').evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, png);
    await page.waitForFunction(
      () => document.querySelector('#teams-card')?.textContent?.includes('RB-LDAP-636'),
      undefined,
      { timeout: 30_000 },
    );
    assert.match(
      await page.locator('#teams-card').innerText(),
      /Read from your screenshot: "Directory Service/,
    );
  });

  test('loaded nothing from anywhere but kbbot, with no script errors', () => {
    assert.deepEqual(offHost, []);
    assert.deepEqual(problems, []);
  });
});

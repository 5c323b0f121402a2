'use strict';
// Drives the web console in a real browser (Debian's chromium through playwright-core) as a supervisor would, and
// prints what the page rendered; the C# test (WebConsoleTests) asserts on it. Usage:
//   node console-browser.js <http base address> <screenshot folder>
// Protocol on stdout: the line "ACTIVATE <revision shown>" when the page is ready for a new revision (the test then
// publishes one), and a JSON object as the last line.
const path = require('node:path');
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node console-browser.js <http base address> <screenshot folder>');
  process.exit(2);
}

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args });
  const result = { consoleErrors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(20000);
    page.on('console', (message) => {
      if (message.type() === 'error') result.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => result.consoleErrors.push(String(error)));
    page.on('response', (response) => {
      if (response.status() >= 400) result.consoleErrors.push(`${response.status()} ${response.url()}`);
    });

    // Opens the console.
    await page.goto(new URL('/', base).toString());
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(() => /^[0-9a-f]{64}$/.test(document.querySelector('#revision-id').textContent));
    result.title = await page.title();
    await page.screenshot({ path: path.join(shots, 'console-01-opened.png'), fullPage: true });

    // St. Joseph, a traffic stop, a suspect whose status is in question, no charge: every action at once.
    const card = page.locator('#decide-page');
    await card.getByLabel('Jurisdiction', { exact: true }).selectOption('us-mo-st-joseph');
    result.factsNotRead = await card.locator('#fact-list label.not-read input').evaluateAll((boxes) => boxes.map((b) => b.value));
    await card.getByLabel('Contact', { exact: true }).selectOption('CONTACT_TRAFFIC_STOP');
    await card.getByLabel('Role', { exact: true }).selectOption('ROLE_SUSPECT');
    await card.getByLabel('Crime', { exact: true }).selectOption('');
    await card.getByRole('checkbox', { name: 'Status in question', exact: true }).check();
    // By keyboard, as someone without a mouse would: focus the button and press Enter.
    await card.getByRole('button', { name: 'Decide' }).focus();
    await page.keyboard.press('Enter');
    const contactIce = page.locator('li.card[data-kind="ACTION_CONTACT_ICE"]');
    await contactIce.waitFor();
    result.cards = {};
    for (const one of await page.locator('li.card').all()) {
      result.cards[await one.getAttribute('data-kind')] = await one.innerText();
    }
    result.contactIceOutcome = await contactIce.locator('h4 .outcome').innerText();
    result.focusedAfterDecide = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
    await contactIce.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'console-02-st-joseph-card.png'), fullPage: true });

    // Roeland Park's policy page: its sources, and every rule with its clause and quote.
    await page.getByRole('link', { name: 'Policies' }).click();
    const policyPage = page.locator('#policy-page');
    await policyPage.getByLabel('Jurisdiction', { exact: true }).selectOption('us-ks-roeland-park');
    await policyPage.getByRole('button', { name: 'Show policy' }).click();
    await page.waitForSelector('#policy .rule');
    result.policyHeading = await page.locator('#policy h3').innerText();
    result.sources = await page.locator('#policy table tbody tr').allInnerTexts();
    result.rules = await page.locator('#policy li.rule').allInnerTexts();
    await page.screenshot({ path: path.join(shots, 'console-03-roeland-park-policy.png'), fullPage: true });

    // A new revision is activated while the page is open: the header follows it.
    const before = await page.locator('#revision-id').innerText();
    result.revisionBefore = before;
    console.log(`ACTIVATE ${before}`);
    await page.waitForFunction(
      (old) => { const t = document.querySelector('#revision-id').textContent; return /^[0-9a-f]{64}$/.test(t) && t !== old; },
      before,
      { timeout: 60000 },
    );
    result.revisionAfter = await page.locator('#revision-id').innerText();
    result.revisionLine = await page.locator('#revision').innerText();
    await page.screenshot({ path: path.join(shots, 'console-04-new-revision.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Download, type Page } from 'playwright-core';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { ledger, PayoutCli } from '../batches/payout-support';
import { LEDGER } from '../imports/foreign-exports';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Screenshots of every page land here (ignored by git) for a person to look at. */
const ARTIFACTS = resolve(__dirname, '../artifacts/console');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Generous waits: the machine may be slow and busy; every wait is for a state, never a sleep. */
const WAIT_MS = 60_000;

interface ApiKey {
  id: number | string;
  name: string;
  role: string;
  key: string;
}

/**
 * Invoices with a problem of each kind: row 3 repeats row 2, row 4 has no item and a price that is
 * not an amount, row 5 is the totals row an accounting export adds at the bottom.
 */
const INVOICES = [
  'Invoice No,Customer ID,Customer Name,Phone,Email,Item,Qty,Unit Price,Currency,Due Date',
  'INV-2001,C-01,Kigali Traders,0788 123 456,ap@kigalitraders.rw,Consulting,2,"15,000",RWF,28/02/2026',
  'INV-2001,C-01,Kigali Traders,0788 123 456,ap@kigalitraders.rw,Consulting,2,"15,000",RWF,28/02/2026',
  'INV-2002,C-02,Musanze Hotel,0722 987 654,,,1,abc,RWF,15/03/2026',
  ',,Total,,,,,"30,000",,',
].join('\n');

/** A payroll export with its totals row at the bottom (row 4). */
const PAYROLL_WITH_TOTAL = [
  'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
  'P1,Comfort Doe,0886 310 500,25.00,USD,2026-04',
  'P2,Sam Weah,0770 310 501,35.00,USD,2026-04',
  ',Total,,60.00,,',
].join('\n');

/**
 * Every visible select of the page: the width its longest label needs (measured on a copy free to
 * take it) and the width it has. Chromium cuts a select's label without making its scrollWidth
 * larger than its clientWidth, so the needed width is what shows a cut label.
 */
const SELECT_WIDTHS = `[...document.querySelectorAll('main select')]
  .filter((select) => select.offsetParent !== null)
  .map((select) => {
    const probe = select.cloneNode(true);
    probe.removeAttribute('id');
    probe.removeAttribute('name');
    probe.style.cssText =
      'position:absolute;visibility:hidden;left:0;top:0;width:auto;min-width:0;max-width:none';
    select.parentElement.appendChild(probe);
    const needed = probe.offsetWidth;
    probe.remove();
    return {
      id: select.id,
      label: select.options[select.selectedIndex]?.text ?? '',
      needed,
      shown: select.offsetWidth,
      scrollWidth: select.scrollWidth,
      clientWidth: select.clientWidth,
      // Past the screen's edge (even in a region that scrolls sideways, it looks cut).
      offScreen: select.getBoundingClientRect().right > document.documentElement.clientWidth,
    };
  })`;

interface SelectWidth {
  id: string;
  label: string;
  needed: number;
  shown: number;
  scrollWidth: number;
  clientWidth: number;
  offScreen: boolean;
}

/** A payroll with one invalid row: row 4 has 3 decimals on a USD amount. */
const PAYROLL = [
  'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
  'C1,Amara Kamara,0886 310 456,40.00,USD,2026-03',
  'C2,Jerome Kollie,0770 310 457,"1,060.50",USD,2026-03',
  'C3,Too Precise,0886 310 458,10.555,USD,2026-03',
].join('\n');

describe('the operator console in a browser', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let maker: ApiKey;
  let checker: ApiKey;
  let importId: number;
  let batchId: number;
  let cli: PayoutCli;
  const problems: string[] = [];

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    cli = PayoutCli.for(db.url, sandbox);
    service = await startService(cli.environment());
    maker = await cli.json<ApiKey>(['keys', 'create', '--name', 'Mary Maker', '--role', 'maker']);
    checker = await cli.json<ApiKey>([
      'keys',
      'create',
      '--name',
      'Chris Checker',
      '--role',
      'checker',
    ]);
    userDataDir = mkdtempSync(join(tmpdir(), 'dollr-console-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      // Not the machine's UTC: dates must follow the browser's time zone.
      timezoneId: 'Africa/Kigali',
    });
    browser.setDefaultTimeout(WAIT_MS);
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        /Content Security Policy|Refused to/i.test(message.text())
      ) {
        problems.push(`console: ${message.text()}`);
      }
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await sandbox?.close();
    await db?.drop();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  /** What every page must have: one h1, a label on every control, a caption on every table. */
  async function expectAccessibleBasics(): Promise<void> {
    const unlabelled: string[] = [];
    for (const control of await page.locator('input:not([type=hidden]), select, textarea').all()) {
      const id = (await control.getAttribute('id')) ?? '';
      if (id === '' || (await page.locator(`label[for="${id}"]`).count()) === 0) {
        unlabelled.push(id || ((await control.getAttribute('name')) ?? '?'));
      }
    }
    expect({
      headings: await page.locator('main h1').count(),
      unlabelled,
      uncaptioned: await page.locator('table:not(:has(> caption))').count(),
      inlineScripts: await page.locator('script:not([src])').count(),
      inlineHandlers: await page.locator('[onclick], [onload], [onsubmit], [onchange]').count(),
    }).toEqual({
      headings: 1,
      unlabelled: [],
      uncaptioned: 0,
      inlineScripts: 0,
      inlineHandlers: 0,
    });
  }

  async function heading(text: string | RegExp): Promise<void> {
    await page.getByRole('heading', { level: 1, name: text }).waitFor();
  }

  async function signIn(user: ApiKey): Promise<void> {
    if (await page.locator('#sign-out').isVisible()) {
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    await heading('Sign in');
    await page.getByLabel('API key').fill(user.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${user.name} (${user.role})`).waitFor();
  }

  async function batchStatus(status: string, timeout = WAIT_MS): Promise<void> {
    await page.locator(`#batch-status[data-status="${status}"]`).waitFor({ timeout });
  }

  async function downloadBy(buttonName: string): Promise<{ name: string; bytes: Buffer }> {
    const [download]: [Download, void] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: buttonName }).click(),
    ]);
    const path = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(path);
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  }

  it('signs in with a key typed at the keyboard, and refuses a wrong one', async () => {
    await page.goto(`${service.baseUrl}/`);
    await heading('Sign in');
    await expectAccessibleBasics();
    await screenshot('01-sign-in');

    // The key field has the focus: a keyboard user types and presses Enter.
    await page.keyboard.type('not-a-key');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('UNAUTHENTICATED').waitFor();

    await page.getByLabel('API key').fill(maker.key);
    await page.keyboard.press('Enter');
    await page.getByText(`Signed in as ${maker.name} (maker)`).waitFor();
    await heading('Upload a spreadsheet');
    expect(await page.evaluate<number>('sessionStorage.length')).toBeGreaterThan(0);
  });

  it('uploads a payroll and flags its invalid row, cell by cell', async () => {
    await page.getByLabel('Spreadsheet (CSV or Excel .xlsx)').setInputFiles({
      name: 'payroll-march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(PAYROLL),
    });
    await page.getByLabel('Type').selectOption('payables');
    await page.getByLabel('Mapping profile').selectOption('payroll');
    await page.getByLabel('Default country').selectOption('LR');
    await expectAccessibleBasics();
    await screenshot('02-upload');
    await page.getByRole('button', { name: 'Upload and check' }).click();

    await heading(/^Import \d+: payroll-march\.csv$/);
    importId = Number(/#\/imports\/(\d+)/.exec(page.url())?.[1]);
    expect(await page.locator('#counts tbody').innerText()).toMatch(/^3\s+2\s+1\s+0\s+0$/);
    expect(await page.locator('#totals tbody').innerText()).toMatch(/USD\s+1,100\.50\u00a0USD/);

    const invalid = page.locator('#problem-rows tr[data-row="4"]');
    await invalid.waitFor();
    expect(await invalid.locator('td.cell-error').count()).toBe(1);
    expect(await invalid.locator('td.cell-error[data-column="Net Pay"] mark').innerText()).toBe(
      '10.555',
    );
    expect(await invalid.innerText()).toMatch(/Net Pay "10\.555" has 3 decimals/);
    expect(await invalid.locator('[data-status="invalid"]').innerText()).toBe('Invalid');
    expect(await page.locator('#skipped-help').count()).toBe(0);
    expect(await page.locator('#problem-rows tbody tr').count()).toBe(1);
    await expectAccessibleBasics();
    await screenshot('03-preview');

    const report = await downloadBy('Download the error report (XLSX)');
    expect(report.name).toBe(`import-${importId}-errors.xlsx`);
    expect(report.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('runs the pre-flight: operators, fees and totals before approval', async () => {
    await page.getByRole('link', { name: /^Open batch \d+$/ }).click();
    await heading(/^Batch \d+$/);
    batchId = Number(/#\/batches\/(\d+)/.exec(page.url())?.[1]);
    await batchStatus('DRAFT');
    await page.getByRole('button', { name: 'Run pre-flight' }).click();
    await batchStatus('AWAITING_APPROVAL');
    expect(await page.locator('#preflight-totals tbody').innerText()).toMatch(
      /^USD\s+2\s+1,100\.50\u00a0USD\s+[\d.,]+\u00a0USD/,
    );
    const payments = await page.locator('#payments tbody').innerText();
    expect(payments).toContain('Amara Kamara');
    // Operators and statuses in words; Dollr's codes stay in the title for the accountant.
    expect(payments).toMatch(/Amara Kamara.*MTN Mobile Money, Liberia/);
    expect(payments).toMatch(/Jerome Kollie.*Orange Money, Liberia/);
    expect(payments).not.toMatch(/MTN_MOMO_LBR|PAWAPAY|PENDING/);
    expect(
      await page.locator('#payments .operator[title="MTN_MOMO_LBR via PAWAPAY"]').count(),
    ).toBe(1);
    expect(
      await page.locator('#payments [data-status="PENDING"]').first().getAttribute('title'),
    ).toBe('PENDING');
    expect(await page.locator('#batch-status').innerText()).toBe('Awaiting approval');
    // Dates follow the browser's time zone (Kigali, UTC+2), not the server's.
    expect(await page.locator('.facts').innerText()).toMatch(/GMT\+2/);
    // A maker is not offered the approval.
    expect(await page.locator('button[data-action="approve"]').count()).toBe(0);
    await expectAccessibleBasics();
    await screenshot('04-batch-preflight');
  });

  it('is approved by a second person, a checker', async () => {
    await signIn(checker);
    await page.goto(`${service.baseUrl}/#/batches/${batchId}`);
    await heading(`Batch ${batchId}`);
    await batchStatus('AWAITING_APPROVAL');
    expect(await page.locator('button[data-action="run"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Approve' }).click();
    await batchStatus('APPROVED');
    await page.locator('#status').getByText('Approved: the batch can run.').waitFor();
    // What this key may still do: the server says, and approving again is not among it.
    expect(await page.locator('button[data-action="approve"]').count()).toBe(0);
    // The approver is whoever the checker's key names.
    const facts = await page.locator('.facts').innerText();
    expect(facts).toMatch(/Approvals\s+(?!None yet)\S/);
    expect([checker.name, String(checker.id)].some((who) => facts.includes(who))).toBe(true);
    await screenshot('05-batch-approved');
  });

  it('runs against the sandbox and shows the progress live, up to COMPLETED', async () => {
    await signIn(maker);
    await page.goto(`${service.baseUrl}/#/batches/${batchId}`);
    await batchStatus('APPROVED');
    // Set on this document: still there at the end proves the page updated without reloading.
    await page.evaluate('window.notReloaded = true');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await batchStatus('COMPLETED', 120_000);
    expect(await page.evaluate<boolean | undefined>('window.notReloaded')).toBe(true);
    expect(await page.locator('#payment-counts tbody').innerText()).toMatch(
      /^0\s+0\s+2\s+0\s+0\s+0$/,
    );
    expect(await page.locator('#batch-progress').getAttribute('value')).toBe('2');
    const completed = page.locator('#payments tbody [data-status="COMPLETED"]');
    await completed.first().waitFor();
    expect(await completed.allInnerTexts()).toEqual(['Completed', 'Completed']);
    expect(await page.locator('#batch-status').innerText()).toBe('Completed');
    await screenshot('06-batch-completed');

    const paid = (await ledger(sandbox)).filter((e) =>
      ['231886310456', '231770310457'].includes(e.phone),
    );
    expect(paid.map((e) => e.effects)).toEqual([1, 1]);
  }, 180_000);

  it('downloads the reports with the key', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await heading(`Reports of batch ${batchId}`);
    await expectAccessibleBasics();
    await screenshot('07-reports');

    const xlsx = await downloadBy('Reconciliation report (XLSX)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    const csv = await downloadBy('Reconciliation report (CSV)');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8')).toContain('Amara Kamara');
    const journal = await downloadBy('Accounting journal (CSV)');
    expect(journal.bytes.length).toBeGreaterThan(0);
    const source = await downloadBy('Source file with statuses');
    expect(source.name).toBe('payroll-march-with-status.csv');
    expect(source.bytes.toString('utf8')).toContain('Amara Kamara');
    await page.locator('#status').getByText('Downloaded payroll-march-with-status.csv.').waitFor();
    expect(xlsx.name).toBe(`reconciliation-batch-${batchId}.xlsx`);
    expect(journal.name).toBe(`journal-batch-${batchId}.csv`);
  });

  it('shows the jobs and the audit trail of the batch', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Jobs' })
      .click();
    await heading('Scheduled jobs');
    await page.locator('#jobs').waitFor();
    await expectAccessibleBasics();
    await screenshot('08-jobs');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit' })
      .click();
    await heading('Audit log');
    await page.getByLabel('Batch').fill(String(batchId));
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText(`Audit entries for batch ${batchId}, newest first`).waitFor();
    const roles = await page.locator('#audit tbody tr td:nth-child(3)').allInnerTexts();
    expect(roles).toContain('checker');
    expect(roles).toContain('maker');
    // Each entry is a sentence; the action's code stays on it.
    const sentences = await page.locator('#audit .audit-sentence').allInnerTexts();
    expect(sentences).toContain(
      `${checker.name} approved batch ${batchId} (1 of 1 approval: it can run) — USD\u00a01,100.50.`,
    );
    expect(sentences).toContain(
      `${maker.name} imported payroll-march.csv as import ${importId} (payables): 3 rows, 2 valid, 1 invalid, 0 duplicates — USD\u00a01,100.50.`,
    );
    expect(sentences).toContainEqual(
      expect.stringMatching(new RegExp(`^${maker.name} started batch ${batchId} — USD`)),
    );
    expect(sentences.join('\n')).not.toMatch(/[{}]|totals:|approvalsRequired/);
    expect(
      await page.locator('#audit [data-action="batch.approved"]').first().getAttribute('title'),
    ).toBe('Batch approved (batch.approved)');
    await expectAccessibleBasics();
    await screenshot('09-audit');
  });

  it('shows a long batch 100 payments at a time, with Next and Previous pages', async () => {
    const rows = Array.from({ length: 130 }, (_, i): [string, string, string, string] => [
      `L${i + 1}`,
      `Payee ${i + 1}`,
      `0886${String(200_000 + i)}`,
      '5.00',
    ]);
    const long = await cli.json<{ batchId: number }>([
      'import',
      cli.payroll('long-payroll.csv', '2026-05', rows),
      '--type',
      'payables',
      '--as',
      'Mary Maker',
    ]);
    await page.goto(`${service.baseUrl}/#/batches/${long.batchId}`);
    const shown = page.locator('#payments tbody tr');
    await page.getByText('Payments 1 to 100 of 130, in file order.').waitFor();
    expect(await shown.count()).toBe(100);
    const pages = page.getByRole('group', { name: 'Pages of payments' });
    expect(await pages.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);

    await pages.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Payments 101 to 130 of 130, in file order.').waitFor();
    expect(await shown.count()).toBe(30);
    expect(await shown.first().locator('td').first().innerText()).toBe('102');
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await expectAccessibleBasics();
    await screenshot('10-batch-second-page');

    await pages.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Payments 1 to 100 of 130, in file order.').waitFor();
    expect(await shown.first().locator('td').first().innerText()).toBe('2');
  });

  it('maps a foreign export in the mapping step, previews it live and saves the profile', async () => {
    await signIn(maker);
    await page.goto(`${service.baseUrl}/#/upload`);
    await heading('Upload a spreadsheet');
    await page.getByLabel('Spreadsheet (CSV or Excel .xlsx)').setInputFiles({
      name: 'acme-ledger.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(LEDGER),
    });
    await page.getByLabel('Type').selectOption('payables');
    await page.getByLabel('Default country').selectOption('LR');
    await page.getByLabel('Default currency').selectOption('USD');
    await page.getByRole('button', { name: 'Upload and check' }).click();

    // The payroll profile reads none of these columns: the step opens with its guesses.
    await page.getByRole('alert').getByText('HEADER_NOT_FOUND').waitFor();
    await page
      .getByRole('heading', { level: 2, name: 'Map the columns of acme-ledger.csv' })
      .waitFor();
    expect(
      await page
        .locator('#mapping-columns select')
        .evaluateAll((selects) => selects.map((s) => (s as unknown as { value: string }).value)),
    ).toEqual([
      'external_ref',
      'first_name',
      'last_name',
      'phone',
      'phone',
      'debit',
      'credit',
      'reference',
    ]);
    expect(await page.getByLabel('The amount to pay is').inputValue()).toBe('credit-minus-debit');
    expect(await page.getByLabel('Decimal separator').inputValue()).toBe(',');

    const previewRow = (row: number) =>
      page.locator(`#mapping-preview-table tr[data-row="${row}"]`);
    await page.locator('#mapping-ready').waitFor();
    expect(await previewRow(4).getAttribute('data-status')).toBe('valid');
    expect(await previewRow(4).innerText()).toMatch(
      /Valid\s+Musu Kollie\s+231886123456\s+1,250\.50\u00a0USD/,
    );
    expect(await previewRow(5).getAttribute('data-status')).toBe('valid');
    expect(await previewRow(6).locator('td.problems li').first().innerText()).toMatch(
      /^Credit − Debit "-50" /,
    );
    await expectAccessibleBasics();
    await screenshot('11-mapping');

    // Live: without the second phone column, row 5 has no phone; with it back, it does.
    await page.getByLabel('Alt. Mobile').selectOption('');
    await page.locator('#mapping-preview-table tr[data-row="5"][data-status="invalid"]').waitFor();
    expect(await previewRow(5).innerText()).toMatch(/Mobile.*missing/i);
    await page.getByLabel('Alt. Mobile').selectOption('phone');
    await page.locator('#mapping-preview-table tr[data-row="5"][data-status="valid"]').waitFor();
    // Without a name, the preview says what is missing.
    await page.getByLabel('Surname').selectOption('');
    await page.getByLabel('First Name').selectOption('');
    await page
      .locator('#mapping-missing')
      .getByText(/full_name: is required/)
      .waitFor();
    await page.getByLabel('First Name').selectOption('first_name');
    await page.getByLabel('Surname').selectOption('last_name');
    await page.locator('#mapping-ready').waitFor();

    await page.getByLabel('Profile name').fill('acme-ledger');
    await page.getByRole('button', { name: 'Save as profile and import' }).click();
    await heading(/^Import \d+: acme-ledger\.csv$/);
    expect(await page.locator('#counts tbody').innerText()).toMatch(/^3\s+2\s+1\s+0\s+0$/);
    const saved = await fetch(`${service.baseUrl}/profiles/acme-ledger`, {
      headers: { Authorization: `Bearer ${maker.key}` },
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { profile: unknown }).profile).toMatchObject({
      columns: { full_name: { join: [['First Name'], ['Surname']] } },
    });
  });

  it('fits a 375 px phone: no select cut, statuses, operators and problems in words', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const cutSelects = async (): Promise<SelectWidth[]> => {
      const selects = await page.evaluate<SelectWidth[]>(SELECT_WIDTHS);
      expect(selects.length).toBeGreaterThan(0);
      return selects.filter(
        (s) => s.needed > s.shown || s.scrollWidth > s.clientWidth || s.offScreen,
      );
    };
    const pageOverflow = (): Promise<number> =>
      page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );

    await page.goto(`${service.baseUrl}/#/upload`);
    await heading('Upload a spreadsheet');
    expect(await cutSelects()).toEqual([]);
    // Each select is described by the help under it, which says what its short labels mean.
    expect(await page.getByLabel('Type').getAttribute('aria-describedby')).toBe('type-help');
    await page.getByLabel('Type').selectOption('receivables');
    await page.getByLabel('Default country').selectOption('RW');
    expect(await cutSelects()).toEqual([]);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    await screenshot('12-upload-phone');

    // The invoice preview of the mapping step: each problem a line naming column, value and rule.
    await page.getByLabel('Spreadsheet (CSV or Excel .xlsx)').setInputFiles({
      name: 'invoices-march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(INVOICES),
    });
    await page.getByRole('button', { name: 'Map the columns myself' }).click();
    await page
      .getByRole('heading', { level: 2, name: 'Map the columns of invoices-march.csv' })
      .waitFor();
    const previewRow = (row: number) =>
      page.locator(`#mapping-preview-table tr[data-row="${row}"]`);
    const problemsOf = (row: number) => previewRow(row).locator('td.problems li').allInnerTexts();
    await previewRow(5).waitFor();
    expect(await page.locator('#mapping-preview-table thead th').allInnerTexts()).toEqual([
      'Row',
      'Status',
      'Invoice',
      'Customer',
      'Item',
      'Amount',
      'Problems',
    ]);
    expect(await previewRow(2).innerText()).toMatch(
      /^2\s+Valid\s+INV-2001\s+Kigali Traders\s+Consulting\s+30,000\u00a0RWF\s+—$/,
    );
    expect(await previewRow(3).locator('[data-status="duplicate"]').innerText()).toBe('Duplicate');
    expect(await problemsOf(3)).toEqual([
      'Note: This row is a duplicate of row 2 of this file: it is not paid twice',
    ]);
    expect(await previewRow(4).locator('[data-status="invalid"]').innerText()).toBe('Invalid');
    expect(await problemsOf(4)).toEqual(
      expect.arrayContaining([
        'Item is missing: every invoice line needs an item or description',
        'Unit Price "abc" is not an amount',
      ]),
    );
    expect(await previewRow(5).locator('[data-status="skipped"]').innerText()).toBe(
      'Skipped: totals row',
    );
    expect(await problemsOf(5)).toEqual(['Note: This row is a totals row, not a payment: skipped']);
    // The column selects keep their labels whole: on a phone the columns stack, one under the other.
    expect(await cutSelects()).toEqual([]);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    await expectAccessibleBasics();
    await screenshot('13-invoice-preview-phone');

    // A payroll export's totals row: counted as skipped, and the page says why.
    await page.getByLabel('Spreadsheet (CSV or Excel .xlsx)').setInputFiles({
      name: 'payroll-april.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(PAYROLL_WITH_TOTAL),
    });
    await page.getByLabel('Type').selectOption('payables');
    await page.getByLabel('Mapping profile').selectOption('payroll');
    await page.getByLabel('Default country').selectOption('LR');
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await heading(/^Import \d+: payroll-april\.csv$/);
    expect(await page.locator('#counts tbody').innerText()).toMatch(/^3\s+2\s+0\s+0\s+1$/);
    const skipped = page.locator('#skipped-help');
    expect(await skipped.innerText()).toMatch(
      /^1 row was skipped \(row 4\): a totals row, .* It is not a payment: nothing is paid for it/,
    );
    expect(await page.locator('#counts').getAttribute('aria-describedby')).toBe('skipped-help');
    expect(await page.locator('.facts').innerText()).toContain('Payables (money paid out)');
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    await expectAccessibleBasics();
    await screenshot('14-import-skipped-phone');

    // Statuses in words on a phone, the codes kept on the element.
    await page.getByRole('link', { name: /^Open batch \d+$/ }).click();
    await heading(/^Batch \d+$/);
    await batchStatus('DRAFT');
    expect(await page.locator('#batch-status').innerText()).toBe('Draft: pre-flight not run yet');
    expect(await page.locator('#payments [data-status="PENDING"]').allInnerTexts()).toEqual([
      'Pending',
      'Pending',
    ]);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);

    // And the operators of the paid batch.
    await page.goto(`${service.baseUrl}/#/batches/${batchId}`);
    await batchStatus('COMPLETED');
    const operators = await page.locator('#payments .operator').allInnerTexts();
    expect(operators.sort()).toEqual(['MTN Mobile Money, Liberia', 'Orange Money, Liberia']);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    await screenshot('15-batch-phone');
  });

  it('fits a phone screen, and signs out', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${service.baseUrl}/#/batches/${batchId}`);
    await batchStatus('COMPLETED');
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot('16-batch-phone');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect(problems).toEqual([]);
  });
});

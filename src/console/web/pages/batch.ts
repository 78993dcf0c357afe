import { ApiError, getJson, getPage, postJson } from '../api.js';
import { operatorCell, statusBadge } from '../badges.js';
import { button, facts, h, replaceChildren, table } from '../dom.js';
import { formatDateTime, formatMoney } from '../format.js';
import { announce, showError } from '../messages.js';
import type { PageContext } from '../page.js';
import { BATCH_ACTION_LABELS, type BatchAction } from '../permissions.js';
import { hrefOf, type Route } from '../routes.js';
import { unfinishedPreflightText } from '../preflight-text.js';
import type { BatchDetails, Payment } from '../types.js';
import { statusLabel } from '../vocabulary.js';

/** How often a running batch is read again; slower while the server says too many requests. */
const POLL_MS = 2000;
const RATE_LIMITED_POLL_MS = 10_000;
/** The payments table is refreshed every this many polls (it can be long). */
const PAYMENTS_EVERY = 4;
/** Payments per page of the payments table. */
const PAYMENTS_PAGE = 100;

const DONE_MESSAGES: Readonly<Record<BatchAction, string>> = {
  preflight: 'Pre-flight done: the batch awaits approval.',
  approve: 'Approved.',
  run: 'The batch is running.',
  pause: 'Paused: payments already sent are still followed.',
  resume: 'Resumed.',
  cancel: 'Canceled: payments not sent yet will not be paid.',
  'retry-failed': 'Failed payments are being tried again.',
};

/** After an approval: whether the batch can run, or awaits another person. */
export function approvedMessage(
  batch: Pick<BatchDetails, 'status' | 'approvals' | 'approvalsRequired'>,
): string {
  if (batch.status !== 'AWAITING_APPROVAL') return 'Approved: the batch can run.';
  const valid = batch.approvals.filter((a) => a.valid).length;
  return `Approved: ${valid} of ${batch.approvalsRequired} approvals. Another person must approve before the batch can run.`;
}

function paymentsTable(payments: readonly Payment[]): HTMLElement {
  return table(
    'Payments: operator, fee and status of each',
    [
      'Row',
      'Reference',
      'Name',
      'Phone',
      'Operator',
      'Amount',
      'Fee',
      'Status',
      'Reason',
      'Attempts',
    ],
    payments.map((p) => [
      p.row,
      p.externalRef,
      p.fullName,
      p.phone,
      operatorCell(p.method, p.provider),
      formatMoney(p.amount, p.currency),
      formatMoney(p.fee, p.currency),
      [
        statusBadge('payment', p.status),
        // Left PROCESSING too long: the reports call it STUCK.
        p.stuck === true ? [' ', statusBadge('payment', 'STUCK')] : null,
      ],
      p.reason ?? '',
      p.attempts,
    ]),
    { numeric: [0, 5, 6, 9], id: 'payments', empty: 'No payment.' },
  );
}

export async function batchPage(
  route: Extract<Route, { page: 'batch' }>,
  { main, signal }: PageContext,
): Promise<() => void> {
  const { batchId } = route;
  let batch = await getJson<BatchDetails>(`/batches/${batchId}`, { signal });
  /** The URLs of the payment pages seen, the one shown last: Previous goes back along them. */
  const firstPage = `/batches/${batchId}/payments?limit=${PAYMENTS_PAGE}`;
  const pageUrls = [firstPage];
  let payments = await getPage<Payment>(firstPage, { signal });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polls = 0;
  let busy = false;

  const statusSlot = h('p', { class: 'batch-status' });
  const progressSlot = h('div', { class: 'progress' });
  const countsSlot = h('div');
  const actionsSlot = h('div', { class: 'actions', role: 'group', 'aria-label': 'Batch actions' });
  const detailsSlot = h('div');
  const preflightSlot = h('section', { 'aria-labelledby': 'preflight-heading' });
  const paymentsSlot = h('section', { 'aria-labelledby': 'payments-heading' });

  function renderStatus(): void {
    replaceChildren(
      statusSlot,
      'Status: ',
      statusBadge('batch', batch.status, 'batch-status'),
      batch.statusReason === null
        ? null
        : h('span', { class: 'reason' }, ` (${batch.statusReason})`),
    );
  }

  function renderProgress(): void {
    const c = batch.counts;
    const total = c.PENDING + c.PROCESSING + c.COMPLETED + c.FAILED + c.CANCELED;
    const final = c.COMPLETED + c.FAILED + c.CANCELED;
    replaceChildren(
      progressSlot,
      h('label', { for: 'batch-progress' }, `${final} of ${total} payments final`),
      h('progress', { id: 'batch-progress', max: Math.max(total, 1), value: final }),
    );
    replaceChildren(
      countsSlot,
      table(
        'Payments by status',
        ['Pending', 'Processing', 'Completed', 'Failed', 'Canceled', 'Rejected at pre-flight'],
        [[c.PENDING, c.PROCESSING, c.COMPLETED, c.FAILED, c.CANCELED, batch.rejected]],
        { numeric: [0, 1, 2, 3, 4, 5], id: 'payment-counts' },
      ),
      table(
        'Totals per currency',
        ['Currency', 'Requested', 'Completed', 'Failed', 'Fees'],
        batch.totals.map((t) => [
          t.currency,
          formatMoney(t.requested, t.currency),
          formatMoney(t.completed, t.currency),
          formatMoney(t.failed, t.currency),
          formatMoney(t.fees, t.currency),
        ]),
        { numeric: [1, 2, 3, 4], id: 'batch-totals', empty: 'No payment.' },
      ),
    );
  }

  function renderActions(): void {
    const { actions } = batch;
    replaceChildren(
      actionsSlot,
      actions.map((action) =>
        button(BATCH_ACTION_LABELS[action], () => void act(action), {
          class:
            action === 'approve' || action === 'run'
              ? 'primary'
              : action === 'cancel'
                ? 'danger'
                : null,
          'data-action': action,
        }),
      ),
      h('a', { href: hrefOf({ page: 'reports', batchId }), class: 'button' }, 'Reports'),
      h(
        'a',
        { href: hrefOf({ page: 'audit', batchId, importId: null }), class: 'button' },
        'Audit trail',
      ),
    );
  }

  function renderDetails(): void {
    replaceChildren(
      detailsSlot,
      facts([
        [
          'Import',
          h(
            'a',
            { href: hrefOf({ page: 'import', importId: batch.importId, batchId }) },
            `Import ${batch.importId}`,
          ),
        ],
        ...(batch.period === null ? [] : ([['Pay period', batch.period]] as const)),
        ['Created by', batch.createdBy],
        ['Created at', formatDateTime(batch.createdAt)],
        ['Approvals needed', String(batch.approvalsRequired)],
        [
          'Approvals',
          batch.approvals.length === 0
            ? 'None yet'
            : h(
                'ul',
                { class: 'plain' },
                batch.approvals.map((a) =>
                  h(
                    'li',
                    null,
                    `${a.approvedBy}, ${formatDateTime(a.approvedAt)}${a.valid ? '' : ' (void: the batch changed)'}`,
                  ),
                ),
              ),
        ],
        ...(batch.status === 'DRAFT' || batch.status === 'AWAITING_APPROVAL'
          ? ([['Expires if not approved', formatDateTime(batch.expiresAt)]] as const)
          : []),
      ]),
    );
  }

  function renderPreflight(): void {
    const pf = batch.preflight;
    replaceChildren(
      preflightSlot,
      h('h2', { id: 'preflight-heading' }, 'Pre-flight'),
      pf.at === null
        ? h('p', { id: 'preflight-progress' }, unfinishedPreflightText(pf))
        : [
            h('p', null, `Run ${formatDateTime(pf.at)}.`),
            table(
              'What the batch will cost, per currency',
              ['Currency', 'Payments', 'Requested', 'Fees', 'Wallet debit', 'Payees receive'],
              pf.totals.map((t) => [
                t.currency,
                t.count,
                formatMoney(t.requested, t.currency),
                formatMoney(t.fees, t.currency),
                formatMoney(t.payerTotal, t.currency),
                formatMoney(t.payeeTotal, t.currency),
              ]),
              { numeric: [1, 2, 3, 4, 5], id: 'preflight-totals', empty: 'No payment left.' },
            ),
            pf.rejections.length === 0
              ? null
              : table(
                  'Payments Dollr cannot make (left out of the batch)',
                  ['Row', 'Reference', 'Phone', 'Reason'],
                  pf.rejections.map((r) => [r.row, r.externalRef, r.phone, r.reason ?? '']),
                  { numeric: [0], id: 'preflight-rejections' },
                ),
          ],
    );
  }

  async function turnPage(url: string | undefined, forward: boolean): Promise<void> {
    if (url === undefined) return;
    try {
      const page = await getPage<Payment>(url, { signal });
      if (signal.aborted) return;
      if (forward) pageUrls.push(url);
      else pageUrls.pop();
      payments = page;
      renderPayments();
      document.getElementById('payments-heading')?.focus();
    } catch (error) {
      if (!signal.aborted) showError(error);
    }
  }

  function renderPayments(): void {
    const first = (pageUrls.length - 1) * PAYMENTS_PAGE + 1;
    const shown = payments.items.length;
    // Every payment of the batch, those pre-flight rejected included, as the API lists them.
    const total = Object.values(batch.counts).reduce((sum, n) => sum + n, 0) + batch.rejected;
    replaceChildren(
      paymentsSlot,
      h('h2', { id: 'payments-heading', tabindex: -1 }, 'Payments'),
      h(
        'p',
        { class: 'help' },
        shown === 0 ? '' : `Payments ${first} to ${first + shown - 1} of ${total}, in file order.`,
      ),
      paymentsTable(payments.items),
      pageUrls.length > 1 || payments.next !== null
        ? h(
            'p',
            { class: 'actions pager', role: 'group', 'aria-label': 'Pages of payments' },
            button('Previous page', () => void turnPage(pageUrls.at(-2), false), {
              disabled: pageUrls.length === 1,
            }),
            button('Next page', () => void turnPage(payments.next ?? undefined, true), {
              disabled: payments.next === null,
            }),
          )
        : null,
    );
  }

  function schedule(delay = POLL_MS): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    // Running, or paused/canceled with payments in flight that are still followed to their end.
    const live = batch.status === 'RUNNING' || batch.counts.PROCESSING > 0;
    if (live && !signal.aborted) timer = setTimeout(() => void poll(), delay);
  }

  async function refresh(withPayments: boolean): Promise<void> {
    const before = batch.status;
    const [next, nextPayments] = await Promise.all([
      getJson<BatchDetails>(`/batches/${batchId}`, { signal }),
      withPayments
        ? getPage<Payment>(pageUrls.at(-1) ?? firstPage, { signal })
        : Promise.resolve(payments),
    ]);
    if (signal.aborted) return;
    batch = next;
    payments = nextPayments;
    renderProgress();
    if (withPayments) renderPayments();
    if (before !== batch.status) {
      renderStatus();
      renderDetails();
      renderPreflight();
      // Rebuilding the buttons would take the focus away from the one in use: only on a change.
      if (!busy) renderActions();
      if (batch.status !== 'RUNNING')
        announce(`Batch ${batchId}: ${statusLabel('batch', batch.status)}.`);
    }
  }

  async function poll(): Promise<void> {
    polls += 1;
    try {
      const statusBefore = batch.status;
      await refresh(polls % PAYMENTS_EVERY === 0);
      if (statusBefore !== batch.status && polls % PAYMENTS_EVERY !== 0) await refresh(true);
    } catch (error) {
      if (signal.aborted) return;
      showError(error);
      if (error instanceof ApiError && error.status === 429) {
        schedule(RATE_LIMITED_POLL_MS);
        return;
      }
    }
    schedule();
  }

  async function act(action: BatchAction): Promise<void> {
    if (busy) return;
    if (
      action === 'cancel' &&
      !window.confirm(`Cancel batch ${batchId}? Payments not sent yet will not be paid.`)
    )
      return;
    busy = true;
    for (const control of actionsSlot.querySelectorAll('button')) control.disabled = true;
    announce(
      action === 'preflight'
        ? 'Running the pre-flight (this asks Dollr for every payee)…'
        : `${BATCH_ACTION_LABELS[action]}…`,
    );
    try {
      // The approver is the signed-in key; nothing else is sent.
      await postJson(`/batches/${batchId}/${action}`);
      busy = false;
      await refresh(true);
      renderStatus();
      renderDetails();
      renderPreflight();
      renderActions();
      announce(action === 'approve' ? approvedMessage(batch) : DONE_MESSAGES[action]);
    } catch (error) {
      busy = false;
      renderActions();
      showError(error);
    }
    schedule();
  }

  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, `Batch ${batchId}`),
    statusSlot,
    progressSlot,
    actionsSlot,
    detailsSlot,
    h('h2', null, 'Progress'),
    countsSlot,
    preflightSlot,
    paymentsSlot,
  );
  renderStatus();
  renderProgress();
  renderActions();
  renderDetails();
  renderPreflight();
  renderPayments();
  schedule();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
  };
}

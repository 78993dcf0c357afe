import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import type { PayeeSyncService } from '../counterparties/payee-sync.service';
import type { DollrClient } from '../dollr/dollr.client';
import {
  DollrForbiddenError,
  DollrInvalidRequestError,
  DollrNotFoundError,
  DollrOutcomeUnknownError,
  DollrValidationError,
} from '../dollr/errors';
import type { ExecutionResponse } from '../dollr/types';
import type { CollectionChannel } from './collection-channel';
import type { PaymentAttemptEntity } from './entities/payment-attempt.entity';
import type { PaymentEntity, PaymentStatus } from './entities/payment.entity';
import {
  type ExecutionChannel,
  type PaymentBatch,
  PaymentNotReadyError,
  type PreparedPayment,
} from './execution-channel';
import {
  type AttemptChanges,
  type FinalOutcome,
  PaymentAttemptStore,
} from './payment-attempt-store';
import { PaymentExecutor } from './payment-executor';
import type { PayoutChannel } from './payout-channel';

/**
 * The executor's exactly-once rules, in process: an in-memory store with the same conditional
 * writes as the database one, and a fake Dollr that keeps one execution per reference_id (as the
 * real one does) so a test can count what moved money.
 */

const TIMEOUT_MS = 1_000; // so a send is "too old to land" after 4 s
const BATCH: PaymentBatch = { kind: 'PAYOUT', relationshipType: 'EMPLOYEE' };

class MemoryStore extends PaymentAttemptStore {
  readonly payments = new Map<number, PaymentEntity>();
  readonly attempts: PaymentAttemptEntity[] = [];
  readonly accounts = new Map<number, PaymentAccountEntity>();
  batchCanceled = false;

  openAttempt(
    payment: PaymentEntity,
    target: { payeeId: number; paymentAccountId: number },
    referenceId: string,
    worker: string,
    now: Date,
  ): Promise<PaymentAttemptEntity | null> {
    const row = this.row(payment.id);
    if (row.status !== 'PENDING') return Promise.resolve(null);
    Object.assign(row, {
      status: 'PROCESSING',
      attemptCount: payment.attemptCount + 1,
      payeeId: target.payeeId,
      paymentAccountId: target.paymentAccountId,
      referenceId,
      reason: null,
      statusChangedAt: now,
    });
    const attempt = {
      id: this.attempts.length + 1,
      paymentId: payment.id,
      attemptNo: payment.attemptCount + 1,
      referenceId,
      state: 'CREATED',
      dollrSessionId: null,
      sessionExpiresAt: null,
      sessionAccountId: null,
      sendCount: 0,
      worker,
      gatewayMessage: null,
      error: null,
      payerAmountMinor: null,
      payeeAmountMinor: null,
      providerTransactionId: null,
      createdAt: now,
      lastSentAt: null,
      resolvedAt: null,
    } satisfies PaymentAttemptEntity;
    this.attempts.push(attempt);
    return Promise.resolve({ ...attempt });
  }

  resumeProcessing(paymentId: number): Promise<boolean> {
    const row = this.row(paymentId);
    if (row.status !== 'PENDING') return Promise.resolve(false);
    row.status = 'PROCESSING';
    return Promise.resolve(true);
  }

  latestAttempt(paymentId: number): Promise<PaymentAttemptEntity | null> {
    const mine = this.attempts.filter((a) => a.paymentId === paymentId);
    const latest = mine.sort((a, b) => b.attemptNo - a.attemptNo)[0];
    return Promise.resolve(latest === undefined ? null : { ...latest });
  }

  park(payment: PaymentEntity): Promise<void> {
    const row = this.row(payment.id);
    if (row.status === 'PROCESSING') row.status = this.batchCanceled ? 'CANCELED' : 'PENDING';
    return Promise.resolve();
  }

  updateAttempt(attemptId: number, changes: AttemptChanges): Promise<void> {
    Object.assign(this.attempt(attemptId), changes);
    return Promise.resolve();
  }

  takeBackSend(attemptId: number, sendCount: number, previousSentAt: Date | null) {
    const attempt = this.attempt(attemptId);
    if (attempt.sendCount !== sendCount) return Promise.resolve(false);
    Object.assign(attempt, { sendCount: sendCount - 1, lastSentAt: previousSentAt });
    return Promise.resolve(true);
  }

  finish(
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    { state, reason, feeMinor }: FinalOutcome,
    now: Date,
  ): Promise<boolean> {
    Object.assign(this.attempt(attempt.id), { state, error: reason, resolvedAt: now });
    const row = this.row(payment.id);
    if (row.status !== 'PROCESSING') return Promise.resolve(false);
    Object.assign(row, {
      status: state,
      reason,
      feeMinor,
      stuckAt: null,
      statusChangedAt: now,
      gatewayMessage: attempt.gatewayMessage,
    });
    return Promise.resolve(true);
  }

  settleUnsent(paymentId: number, status: PaymentStatus, reason: string | null) {
    const row = this.row(paymentId);
    if (row.status === 'PENDING') Object.assign(row, { status, reason });
    return Promise.resolve();
  }

  lastFinishedBefore(payment: PaymentEntity) {
    const finished = [...this.payments.values()].filter(
      (p) => p.id !== payment.id && (p.status === 'COMPLETED' || p.status === 'FAILED'),
    );
    const last = finished.sort(
      (a, b) => b.statusChangedAt.getTime() - a.statusChangedAt.getTime() || b.id - a.id,
    )[0];
    return Promise.resolve(
      last === undefined ? null : { status: last.status, message: last.gatewayMessage },
    );
  }

  /** How long the operator's latest payments took to be seen COMPLETED, as the database says. */
  settleTimes: number[] = [];
  settleTimesError: Error | null = null;
  readonly settleQueries: { operation: string; method: string; provider: string }[] = [];

  recentSettleTimes(route: {
    operation: 'PAYOUT' | 'COLLECTION';
    method: string;
    provider: string;
  }): Promise<number[]> {
    this.settleQueries.push({ ...route });
    if (this.settleTimesError !== null) return Promise.reject(this.settleTimesError);
    return Promise.resolve([...this.settleTimes]);
  }

  paymentAccount(id: number): Promise<PaymentAccountEntity | null> {
    const account = this.accounts.get(id);
    return Promise.resolve(account === undefined ? null : { ...account });
  }

  usePaymentAccount(paymentId: number, accountId: number): Promise<void> {
    this.row(paymentId).paymentAccountId = accountId;
    return Promise.resolve();
  }

  row(id: number): PaymentEntity {
    const row = this.payments.get(id);
    if (row === undefined) throw new Error(`no payment ${id}`);
    return row;
  }

  attempt(id: number): PaymentAttemptEntity {
    const attempt = this.attempts.find((a) => a.id === id);
    if (attempt === undefined) throw new Error(`no attempt ${id}`);
    return attempt;
  }
}

/** What one execution request does on the fake Dollr. */
type SendBehaviour =
  | 'ok'
  /** Dollr executes it, and the answer is lost on the way back. */
  | 'lost-after-landing'
  /** The request never reaches Dollr, and the client cannot tell. */
  | 'lost-before-landing'
  /** Dollr takes it and answers FAILED at once with this gateway message. */
  | { readonly failNow: string | null }
  | Error;

/** Dollr as the executor sees it: one execution per reference_id, whatever is sent twice. */
class FakeDollr {
  readonly executions = new Map<string, ExecutionResponse & { accountId: number }>();
  readonly sends: { referenceId: string; accountId: number; sessionId: number }[] = [];
  readonly sessions: number[] = [];
  readonly behaviours: SendBehaviour[] = [];
  /** What a status poll answers for an execution that exists. */
  statusAfterSend: ExecutionResponse['status'] = 'PROCESSING';
  sessionError: Error | null = null;

  openSession(accountId: number) {
    if (this.sessionError !== null) {
      const error = this.sessionError;
      this.sessionError = null;
      return Promise.reject(error);
    }
    this.sessions.push(accountId);
    return Promise.resolve({ id: 100 + this.sessions.length, expiresAt: null });
  }

  execute(referenceId: string, accountId: number, sessionId: number): Promise<ExecutionResponse> {
    this.sends.push({ referenceId, accountId, sessionId });
    const behaviour = this.behaviours.shift() ?? 'ok';
    if (behaviour instanceof Error) return Promise.reject(behaviour);
    if (typeof behaviour === 'object') {
      const failed = {
        reference_id: referenceId,
        status: 'FAILED' as const,
        gateway_message: behaviour.failNow,
        accountId,
      };
      this.executions.set(referenceId, failed);
      return Promise.resolve({ ...failed });
    }
    if (behaviour !== 'lost-before-landing' && !this.executions.has(referenceId)) {
      this.executions.set(referenceId, {
        reference_id: referenceId,
        status: 'PENDING',
        accountId,
      });
    }
    if (behaviour === 'ok') {
      const execution = this.executions.get(referenceId) as ExecutionResponse;
      return Promise.resolve({ ...execution });
    }
    return Promise.reject(
      new DollrOutcomeUnknownError(
        { reason: 'timeout', what: 'no answer', referenceId },
        { operation: 'executions.payout' },
      ),
    );
  }

  /** Dollr finishes every execution it holds. */
  settleAll(status: 'COMPLETED' | 'FAILED', extra: Partial<ExecutionResponse> = {}) {
    for (const [id, execution] of this.executions) {
      this.executions.set(id, { ...execution, status, ...extra });
    }
  }

  readonly client = {
    executionStatus: (_operation: string, referenceId: string) => {
      const execution = this.executions.get(referenceId);
      if (execution === undefined) {
        return Promise.reject(
          new DollrNotFoundError(`/v1/status/payout/${referenceId}`, 'not found', {
            operation: 'executions.status',
          }),
        );
      }
      const status = execution.status === 'PENDING' ? this.statusAfterSend : execution.status;
      return Promise.resolve({ ...execution, status });
    },
  };
}

function account(id: number, dollrAccountId: number, isActive = true): PaymentAccountEntity {
  return {
    id,
    payeeId: 7,
    phone: '+231770000001',
    method: 'MOBILE_MONEY',
    provider: 'MTN_LBR',
    operationType: 'PAYOUT',
    dollrAccountId,
    isActive,
    createdAt: new Date(0),
  };
}

function payment(id: number): PaymentEntity {
  return {
    id,
    batchId: 1,
    importRowId: id,
    rowNumber: id + 1,
    dedupeKey: `key-${id}`,
    externalRef: `EMP-${id}`,
    fullName: 'Ada Kollie',
    phone: '+231770000001',
    currency: 'USD',
    amountMinor: 12_500n,
    method: 'MOBILE_MONEY',
    provider: 'MTN_LBR',
    feeMinor: null,
    payerAmountMinor: null,
    payeeAmountMinor: null,
    preflightAt: new Date(0),
    status: 'PENDING',
    reason: null,
    payeeId: null,
    paymentAccountId: null,
    attemptCount: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    nextCheckAt: null,
    statusChangedAt: new Date(0),
    completedAt: null,
    stuckAt: null,
    stuckReason: null,
    referenceId: null,
    providerTransactionId: null,
    gatewayMessage: null,
  };
}

function validationError(field: string, msg: string): DollrValidationError {
  return new DollrValidationError([{ loc: ['body', field], msg, type: 'value_error' }], {
    operation: 'executions.payout',
    status: 422,
  });
}

interface Harness {
  readonly store: MemoryStore;
  readonly dollr: FakeDollr;
  readonly executor: PaymentExecutor;
  readonly finished: { paymentId: number; state: string }[];
  readonly retired: number[];
  /** What the channel's prepare does next (a PaymentNotReadyError, or the usual account). */
  prepareError: Error | null;
  /** One step of the payment as the batch runner takes it: the row as it is now. */
  step(
    id: number,
    options?: { now?: Date; scope?: 'start-and-follow' | 'follow-only' },
  ): Promise<{
    nextCheckAt: Date | null;
    pauseReason?: string;
  }>;
}

function harness(): Harness {
  const store = new MemoryStore();
  const dollr = new FakeDollr();
  store.accounts.set(1, account(1, 501));
  const h = {
    store,
    dollr,
    finished: [] as { paymentId: number; state: string }[],
    retired: [] as number[],
    prepareError: null as Error | null,
  };
  const channel: ExecutionChannel = {
    operation: 'PAYOUT',
    noun: 'payout',
    prepare: (): Promise<PreparedPayment | null> => {
      if (h.prepareError !== null) return Promise.reject(h.prepareError);
      return Promise.resolve({
        payeeId: 7,
        account: store.accounts.get(1) as PaymentAccountEntity,
      });
    },
    openSession: (_payment, dollrAccountId) => dollr.openSession(dollrAccountId),
    execute: (_payment, sessionId, dollrAccountId, referenceId) =>
      dollr.execute(referenceId, dollrAccountId, sessionId),
    finished: (p, state) => {
      h.finished.push({ paymentId: p.id, state });
      return Promise.resolve();
    },
  };
  const payees = {
    retirePaymentAccount: (accountId: number, refusedDollrAccountId: number) => {
      const retired = store.accounts.get(accountId);
      if (retired?.dollrAccountId === refusedDollrAccountId) {
        h.retired.push(accountId);
        retired.isActive = false;
      }
      return Promise.resolve();
    },
    renewPaymentAccount: () => {
      // Made during this step, after the attempt was committed.
      const renewed = { ...account(2, 502), createdAt: new Date(Date.now() + 1_000) };
      store.accounts.set(2, renewed);
      return Promise.resolve(renewed);
    },
  };
  const config = { dollr: { timeoutMs: TIMEOUT_MS, firstStatusCheckMs: 50 } } as AppConfig;
  const executor = new PaymentExecutor(
    store,
    dollr.client as unknown as DollrClient,
    channel as PayoutChannel,
    channel as unknown as CollectionChannel,
    payees as unknown as PayeeSyncService,
    config,
  );
  return Object.assign(h, {
    executor,
    step: (id: number, options: { now?: Date; scope?: 'start-and-follow' | 'follow-only' } = {}) =>
      executor.advance(
        { ...store.row(id) },
        BATCH,
        'worker-1',
        options.now ?? new Date(),
        options.scope,
      ),
  });
}

function withPayment(h: Harness, id = 1): Harness {
  h.store.payments.set(id, payment(id));
  return h;
}

/** Well after any send could still land on Dollr. */
const later = () => new Date(Date.now() + 10 * TIMEOUT_MS);

describe('PaymentExecutor', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('commits an attempt, sends it once, and completes the payment when Dollr does', async () => {
    const h = withPayment(harness());

    const first = await h.step(1);
    expect(h.dollr.sends).toHaveLength(1);
    expect(h.store.row(1).status).toBe('PROCESSING');
    expect(h.store.row(1).referenceId).toBe(h.dollr.sends[0]?.referenceId);
    expect(first.nextCheckAt?.getTime()).toBeGreaterThan(Date.now() - 1);

    h.dollr.settleAll('COMPLETED', { platform_fee: '0.10', gateway_fee: '0.15' });
    const second = await h.step(1);

    expect(second).toEqual({ nextCheckAt: null });
    expect(h.store.row(1)).toMatchObject({ status: 'COMPLETED', feeMinor: 25n });
    expect(h.dollr.sends).toHaveLength(1);
    expect(h.finished).toEqual([{ paymentId: 1, state: 'COMPLETED' }]);
  });

  it('polls a send whose answer was lost and, when it landed, never sends it again', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-after-landing');

    await h.step(1);
    expect(h.store.attempts[0]?.state).toBe('UNKNOWN');

    h.dollr.settleAll('COMPLETED');
    await h.step(1, { now: later() });

    expect(h.store.row(1).status).toBe('COMPLETED');
    expect(h.dollr.sends).toHaveLength(1);
    expect(h.dollr.executions.size).toBe(1);
  });

  it('re-sends a lost send that never landed under the same reference_id', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing');

    await h.step(1);
    await h.step(1, { now: later() });

    expect(h.dollr.sends).toHaveLength(2);
    expect(h.dollr.sends[1]?.referenceId).toBe(h.dollr.sends[0]?.referenceId);
    expect(h.store.attempts).toHaveLength(1);
    expect(h.dollr.executions.size).toBe(1);
  });

  it('fails a payment Dollr refuses on its only send, and tells the channel', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push(validationError('amount', 'below the minimum payout'));

    const outcome = await h.step(1);

    expect(outcome).toEqual({ nextCheckAt: null });
    expect(h.store.row(1).status).toBe('FAILED');
    expect(h.store.row(1).reason).toContain('below the minimum payout');
    expect(h.store.attempts[0]?.state).toBe('FAILED');
    expect(h.finished).toEqual([{ paymentId: 1, state: 'FAILED' }]);
  });

  it('polls rather than fails when a refused re-send may follow an earlier send that landed', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing', validationError('amount', 'refused'));

    await h.step(1);
    await h.step(1, { now: later() });

    expect(h.store.row(1).status).toBe('PROCESSING');
    expect(h.store.attempts[0]?.state).toBe('UNKNOWN');
  });

  it('pauses the batch when Dollr forbids the first payout of an attempt', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push(
      new DollrForbiddenError('merchant not verified', { operation: 'executions.payout' }),
    );

    const outcome = await h.step(1);

    expect(h.store.row(1).status).toBe('FAILED');
    expect(outcome.pauseReason).toContain('merchant not verified');
  });

  it('fails the payout and pauses the batch when Dollr forbids its session', async () => {
    const h = withPayment(harness());
    h.dollr.sessionError = new DollrForbiddenError('Merchant is not verified', {
      operation: 'sessions.payout',
    });

    const outcome = await h.step(1);

    expect(h.store.row(1).status).toBe('FAILED');
    expect(h.store.row(1).reason).toContain('Merchant is not verified');
    expect(outcome.pauseReason).toContain('not verified on Dollr for payouts');
    expect(h.dollr.sends).toHaveLength(0);
  });

  it('takes back a send the client refused before it left, and pauses the batch', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push(
      new DollrInvalidRequestError('without DOLLR_PAYOUT_PASSCODE', {
        operation: 'executions.payout',
      }),
    );

    const outcome = await h.step(1);

    expect(outcome.pauseReason).toContain('Payouts cannot be sent');
    expect(h.store.attempts[0]).toMatchObject({ sendCount: 0, lastSentAt: null });
    expect(h.store.row(1).status).toBe('PROCESSING');
  });

  it('renews a payment account Dollr calls inactive and re-sends under the same reference_id', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push(validationError('payout_account_id', 'account is not active'));

    const refused = await h.step(1);
    expect(refused.nextCheckAt).not.toBeNull();
    expect(h.retired).toEqual([1]);
    expect(h.store.attempts[0]).toMatchObject({ sendCount: 0, dollrSessionId: null });

    await h.step(1);

    expect(h.dollr.sends.map((s) => s.accountId)).toEqual([501, 502]);
    expect(h.dollr.sends[1]?.referenceId).toBe(h.dollr.sends[0]?.referenceId);
    expect(h.store.row(1).paymentAccountId).toBe(2);
    expect(h.dollr.sessions).toEqual([501, 502]);
  });

  it('fails, rather than renews forever, when an account made for this attempt is refused too', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push(
      validationError('payout_account_id', 'account is not active'),
      validationError('payout_account_id', 'account is not active'),
    );

    await h.step(1);
    await h.step(1);

    expect(h.store.row(1).status).toBe('FAILED');
    expect(h.store.row(1).reason).toContain('again with a payment account created for it');
    expect(h.retired).toEqual([1]);
  });

  it('sends nothing when the payment was canceled before its attempt was committed', async () => {
    const h = withPayment(harness());
    const stale = { ...h.store.row(1) };
    h.store.row(1).status = 'CANCELED';

    const outcome = await h.executor.advance(stale, BATCH, 'worker-1', new Date());

    expect(outcome).toEqual({ nextCheckAt: null });
    expect(h.store.attempts).toHaveLength(0);
    expect(h.dollr.sends).toHaveLength(0);
  });

  it('parks an unsent attempt of a paused batch, and the running batch sends it later', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing');
    await h.step(1); // sent, lost: UNKNOWN
    h.store.row(1).status = 'PROCESSING';

    await h.step(1, { now: later(), scope: 'follow-only' });
    expect(h.store.row(1).status).toBe('PENDING');
    expect(h.dollr.sends).toHaveLength(1);

    await h.step(1, { now: later() });
    expect(h.dollr.sends).toHaveLength(2);
    expect(h.dollr.sends[1]?.referenceId).toBe(h.dollr.sends[0]?.referenceId);
  });

  it('cancels a parked payment whose batch was canceled meanwhile', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing');
    await h.step(1);
    h.store.batchCanceled = true;

    await h.step(1, { now: later(), scope: 'follow-only' });

    expect(h.store.row(1).status).toBe('CANCELED');
    expect(h.dollr.sends).toHaveLength(1);
  });

  it('does not park an attempt whose send may still land', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing');
    await h.step(1);

    const outcome = await h.step(1, { scope: 'follow-only' });

    expect(h.store.row(1).status).toBe('PROCESSING');
    expect(outcome.nextCheckAt).not.toBeNull();
  });

  it('fails a STUCK payment Dollr never received once no send can land, and never re-sends it', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push('lost-before-landing');
    await h.step(1);
    h.store.row(1).stuckAt = new Date();

    await h.step(1); // may still land: polled only
    expect(h.store.row(1).status).toBe('PROCESSING');
    await h.step(1, { now: later() });

    expect(h.store.row(1).status).toBe('FAILED');
    expect(h.store.row(1).reason).toContain('Nothing was paid');
    expect(h.dollr.sends).toHaveLength(1);
  });

  it('waits, writing nothing, while a channel says the payment is not ready', async () => {
    const h = withPayment(harness());
    h.prepareError = new PaymentNotReadyError('invoice being created elsewhere', 5_000);
    const now = new Date();

    const outcome = await h.step(1, { now });

    expect(outcome).toEqual({ nextCheckAt: new Date(now.getTime() + 5_000) });
    expect(h.store.row(1).status).toBe('PENDING');
    expect(h.store.attempts).toHaveLength(0);
  });

  it('pauses the batch at the first payment failed by a wrong passcode', async () => {
    const h = withPayment(harness());
    h.dollr.behaviours.push({ failNow: 'Invalid passcode' });

    const outcome = await h.step(1);

    expect(h.store.row(1)).toMatchObject({ status: 'FAILED', reason: 'Invalid passcode' });
    expect(outcome.pauseReason).toContain('DOLLR_PAYOUT_PASSCODE');
  });

  it('pauses the batch when a payout found FAILED later says the wallet is too small', async () => {
    const h = withPayment(harness());

    await h.step(1);
    h.dollr.settleAll('FAILED', { gateway_message: 'Insufficient merchant wallet balance' });
    const outcome = await h.step(1);

    expect(h.store.row(1).status).toBe('FAILED');
    expect(outcome.pauseReason).toContain('wallet cannot cover');
  });

  it('goes on after failures about one payee, and pauses on two unexplained ones in a row', async () => {
    const h = withPayment(withPayment(withPayment(withPayment(harness(), 1), 2), 3), 4);
    h.dollr.behaviours.push(
      { failNow: 'Payer declined the transaction' },
      { failNow: 'Payer declined the transaction' },
      { failNow: 'Something went wrong' },
      { failNow: 'Something went wrong' },
    );

    const outcomes = [];
    for (const id of [1, 2, 3, 4]) outcomes.push(await h.step(id));

    expect(outcomes.map((o) => o.pauseReason !== undefined)).toEqual([false, false, false, true]);
    expect(outcomes[3]?.pauseReason).toContain(
      'Two payouts in a row failed "Something went wrong"',
    );
  });

  describe('the first status poll after a send', () => {
    const sentAt = (h: Harness): number => h.store.attempts[0]?.lastSentAt?.getTime() ?? NaN;

    it("comes when this operator's payouts have lately been seen complete", async () => {
      const h = withPayment(harness());
      h.store.settleTimes = Array.from({ length: 40 }, (_, i) => 4_000 + 50 * i); // 4.0-5.95 s

      const sent = await h.step(1);

      expect(h.store.settleQueries).toEqual([
        { operation: 'PAYOUT', method: 'MOBILE_MONEY', provider: 'MTN_LBR' },
      ]);
      // 0.9 x the time by which 80 % of them were complete (5.55 s).
      expect((sent.nextCheckAt?.getTime() ?? 0) - sentAt(h)).toBe(4_995);
    });

    it('comes after the first interval when too few payouts completed lately', async () => {
      const h = withPayment(harness());
      h.store.settleTimes = [9_000, 9_000, 9_000];

      const sent = await h.step(1);

      const delay = (sent.nextCheckAt?.getTime() ?? 0) - sentAt(h);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThan(1_000);
    });

    it('stays within the first interval and 30 s', async () => {
      const slow = withPayment(harness());
      slow.store.settleTimes = Array<number>(20).fill(10 * 60_000);
      const fast = withPayment(harness());
      fast.store.settleTimes = Array<number>(20).fill(1);

      const slowly = await slow.step(1);
      const quickly = await fast.step(1);

      expect((slowly.nextCheckAt?.getTime() ?? 0) - sentAt(slow)).toBe(30_000);
      const delay = (quickly.nextCheckAt?.getTime() ?? 0) - sentAt(fast);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThan(1_000);
    });

    it('reads the settle times once a minute for all the payouts of one operator', async () => {
      const h = withPayment(withPayment(harness(), 1), 2);
      h.store.settleTimes = Array<number>(20).fill(3_000);

      await h.step(1);
      await h.step(2);

      expect(h.store.settleQueries).toHaveLength(1);
      expect(h.dollr.sends).toHaveLength(2);
    });

    it('falls back to the first interval when the settle times cannot be read, having sent once', async () => {
      const h = withPayment(harness());
      h.store.settleTimesError = new Error('database went away');

      const sent = await h.step(1);

      expect(h.dollr.sends).toHaveLength(1);
      expect(h.store.row(1).status).toBe('PROCESSING');
      expect((sent.nextCheckAt?.getTime() ?? 0) - sentAt(h)).toBeLessThan(1_000);
    });

    it('moves only the poll: a lost answer is still polled before anything is sent again', async () => {
      const h = withPayment(harness());
      h.store.settleTimes = Array<number>(20).fill(6_000);
      h.dollr.behaviours.push('lost-after-landing');

      const lost = await h.step(1);
      expect(h.store.attempts[0]?.state).toBe('UNKNOWN');
      expect(h.store.settleQueries).toEqual([]);
      h.dollr.settleAll('COMPLETED');
      await h.step(1, { now: lost.nextCheckAt ?? later() });

      expect(h.dollr.sends).toHaveLength(1);
      expect(h.store.row(1).status).toBe('COMPLETED');
    });
  });

  it('keeps one execution per payment however the answers are lost', async () => {
    for (const behaviours of [
      ['lost-after-landing', 'lost-after-landing'],
      ['lost-before-landing', 'lost-after-landing'],
      ['lost-before-landing', 'lost-before-landing', 'ok'],
    ] as SendBehaviour[][]) {
      const h = withPayment(harness());
      h.dollr.behaviours.push(...behaviours);
      for (let i = 0; i < 6 && h.store.row(1).status !== 'COMPLETED'; i += 1) {
        await h.step(1, { now: new Date(Date.now() + i * 10 * TIMEOUT_MS) });
        if (h.dollr.executions.size > 0) h.dollr.settleAll('COMPLETED');
      }
      expect(h.store.row(1).status).toBe('COMPLETED');
      expect(h.dollr.executions.size).toBe(1);
      expect(new Set(h.dollr.sends.map((s) => s.referenceId)).size).toBe(1);
    }
  });
});

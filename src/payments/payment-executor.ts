import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { redactText } from '../common/redact';
import { PayeeBusyError, PayeeSyncService } from '../counterparties/payee-sync.service';
import { DollrClient } from '../dollr/dollr.client';
import { AppConfig } from '../config/app-config';
import {
  DollrAuthenticationError,
  DollrForbiddenError,
  DollrInvalidRequestError,
  DollrNotFoundError,
  DollrValidationError,
  refusesInactivePaymentAccount,
} from '../dollr/errors';
import type { ExecutionResponse, GatewayProvider } from '../dollr/types';
import { toMinorUnits } from '../money/amount';
import { type AttemptState, decideAttempt, type PollResult } from './attempt-decision';
import { learnedFirstCheckMs, nextCheckDelayMs, SETTLE_SAMPLES } from './check-schedule';
import { executionFees } from './execution-fees';
import { CollectionChannel } from './collection-channel';
import {
  type ExecutionChannel,
  type PaymentBatch,
  PaymentNotReadyError,
} from './execution-channel';
import type { LeaseScope } from './payment-leases';
import { PayoutChannel } from './payout-channel';
import type { PaymentAttemptEntity } from './entities/payment-attempt.entity';
import type { PaymentEntity } from './entities/payment.entity';
import { PaymentAttemptStore } from './payment-attempt-store';
import { classifySendError } from './send-error';
import { failureScope, pauseAfterFailure } from './batch-wide-failure';

/** What one step decided: when to look at the payment again, and whether to pause the batch. */
export interface StepOutcome {
  readonly nextCheckAt: Date | null;
  readonly pauseReason?: string;
}

/** Sessions this close to their deadline are replaced rather than used. */
const SESSION_MARGIN_MS = 30_000;

/** How far back completions teach when to check first, and how long what they taught is kept. */
const SETTLE_WINDOW_MS = 24 * 3_600_000;
const SETTLE_CACHE_MS = 60_000;

/**
 * How long after its last send a request could still land on Dollr: the client gives up after
 * DOLLR_TIMEOUT_MS, and a request is not processed this much later than that.
 */
export function lateLandingMs(config: AppConfig): number {
  return 4 * config.dollr.timeoutMs;
}

/**
 * Moves one payment (a payout, or the collection of an invoice) forward by one step, following the
 * exactly-once rules of attempt-decision.ts: the attempt and its reference_id are committed before
 * the execution is sent, every send is counted before it leaves, and an attempt that may have
 * landed is resolved by a status poll with its own reference_id before anything else is done.
 * What differs between payouts and collections is behind ExecutionChannel.
 */
@Injectable()
export class PaymentExecutor {
  private readonly logger = new Logger(PaymentExecutor.name);

  constructor(
    private readonly store: PaymentAttemptStore,
    private readonly dollr: DollrClient,
    private readonly payouts: PayoutChannel,
    private readonly collections: CollectionChannel,
    private readonly payees: PayeeSyncService,
    config: AppConfig,
  ) {
    this.lateLandingMs = lateLandingMs(config);
    this.firstCheckMs = config.dollr.firstStatusCheckMs;
  }

  private readonly lateLandingMs: number;
  private readonly firstCheckMs: number;
  /** The learned first check per operation, method and provider, and until when it holds. */
  private readonly firstChecks = new Map<string, { ms: number; until: number }>();

  private channelFor(batch: PaymentBatch): ExecutionChannel {
    return batch.kind === 'INVOICE' ? this.collections : this.payouts;
  }

  /**
   * `follow-only` (the batch is paused or canceled): follow attempts that may have landed, but send
   * nothing; an attempt confirmed not to have landed is parked as PENDING with its reference_id,
   * which it keeps when the batch resumes.
   */
  async advance(
    payment: PaymentEntity,
    batch: PaymentBatch,
    worker: string,
    now: Date,
    scope: LeaseScope = 'start-and-follow',
  ): Promise<StepOutcome> {
    const channel = this.channelFor(batch);
    try {
      if (payment.status === 'PENDING' && scope === 'start-and-follow') {
        const open = await this.unresolvedAttempt(payment);
        if (open === null) return await this.start(channel, payment, batch, worker, now);
        if (!(await this.store.resumeProcessing(payment.id, now))) return { nextCheckAt: null }; // canceled meanwhile
        return await this.resume(channel, { ...payment, status: 'PROCESSING' }, worker, now, scope);
      }
      if (payment.status === 'PENDING' && scope === 'follow-only') {
        // Parked with an attempt that was sent: ask Dollr again (it goes back to PENDING if unknown).
        const open = await this.unresolvedAttempt(payment);
        if (open === null || open.sendCount === 0) return { nextCheckAt: null };
        if (!(await this.store.resumeProcessing(payment.id, now))) return { nextCheckAt: null };
        return await this.resume(channel, { ...payment, status: 'PROCESSING' }, worker, now, scope);
      }
      if (payment.status === 'PROCESSING') {
        return await this.resume(channel, payment, worker, now, scope);
      }
      return { nextCheckAt: null };
    } catch (error) {
      return this.onError(channel, error, payment, now);
    }
  }

  /** First step: what Dollr needs (payee, account, invoice), then a new attempt committed, then sent. */
  private async start(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    batch: PaymentBatch,
    worker: string,
    now: Date,
  ): Promise<StepOutcome> {
    const prepared = await channel.prepare(payment, batch, worker, now);
    if (prepared === null) return { nextCheckAt: null };
    const { account } = prepared;

    const referenceId = randomUUID();
    const attempt = await this.store.openAttempt(
      payment,
      { payeeId: prepared.payeeId, paymentAccountId: account.id },
      referenceId,
      worker,
      now,
    );
    if (attempt === null) return { nextCheckAt: null };
    return this.send(
      channel,
      { ...payment, status: 'PROCESSING', paymentAccountId: account.id },
      attempt,
      account.dollrAccountId,
      now,
    );
  }

  /** Later steps: resolve what may have landed, re-send what certainly did not, follow status. */
  private async resume(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    worker: string,
    now: Date,
    scope: LeaseScope,
  ): Promise<StepOutcome> {
    const attempt = await this.store.latestAttempt(payment.id);
    if (attempt === null) throw new Error(`payment ${payment.id} is PROCESSING without an attempt`);

    // A STUCK payment is an exception for an operator: it is polled until Dollr gives a final
    // status, and never sent again nor parked (which would let a running batch send it).
    const stuck = payment.stuckAt !== null;
    if (stuck && attempt.state === 'CREATED' && attempt.sendCount === 0) {
      return this.failUnsent(
        channel,
        payment,
        attempt,
        'it was flagged STUCK before it was sent',
        now,
      );
    }
    if (scope === 'follow-only' && attempt.state === 'CREATED' && attempt.sendCount === 0) {
      return this.park(payment, now);
    }
    if (attempt.state === 'CREATED' && attempt.sendCount === 0) {
      // Committed but never sent (the send count is committed before each send).
      return this.send(channel, payment, attempt, await this.accountId(payment, worker, now), now);
    }
    let action = decideAttempt(attempt.state);
    let pauseReason: string | undefined;
    if (action.kind === 'poll' || action.kind === 'wait') {
      const poll = await this.poll(channel, payment, attempt, now);
      action = decideAttempt(attempt.state, poll.status);
      pauseReason = poll.pauseReason;
    }
    switch (action.kind) {
      case 'send':
        if (stuck) return this.resolveStuckNotFound(channel, payment, attempt, now);
        if (scope === 'follow-only') {
          // Parked, it could be canceled: only once no earlier send can still land.
          if (this.mayStillLand(attempt, now)) return this.later(attempt, now);
          return this.park(payment, now);
        }
        return this.send(
          channel,
          payment,
          attempt,
          await this.accountId(payment, worker, now),
          now,
        );
      case 'completed':
        return { nextCheckAt: null };
      case 'failed':
        return { nextCheckAt: null, ...(pauseReason === undefined ? {} : { pauseReason }) };
      case 'poll':
      case 'wait':
        return this.later(attempt, now);
    }
  }

  /**
   * A STUCK payment whose reference_id Dollr does not know: once its last send is too old to land,
   * nothing was paid and nothing will be, so it is FAILED (an operator may retry-failed it, under a
   * new reference_id). Until then it is polled again.
   */
  private async resolveStuckNotFound(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    now: Date,
  ): Promise<StepOutcome> {
    if (this.mayStillLand(attempt, now)) return this.later(attempt, now);
    const sentAt = (attempt.lastSentAt ?? attempt.createdAt).getTime();
    const minutes = Math.floor((now.getTime() - sentAt) / 60_000);
    return this.failUnsent(
      channel,
      payment,
      attempt,
      `Dollr has no ${channel.noun} with its reference_id ${minutes} minute(s) after it was last sent`,
      now,
    );
  }

  private mayStillLand(attempt: PaymentAttemptEntity, now: Date): boolean {
    const sentAt = (attempt.lastSentAt ?? attempt.createdAt).getTime();
    return attempt.sendCount > 0 && now.getTime() - sentAt < this.lateLandingMs;
  }

  private async failUnsent(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    why: string,
    now: Date,
  ): Promise<StepOutcome> {
    await this.finish(
      channel,
      payment,
      attempt,
      'FAILED',
      `Nothing was ${channel.operation === 'PAYOUT' ? 'paid' : 'collected'}: ${why}. It can be retried with retry-failed.`,
      now,
    );
    return { nextCheckAt: null };
  }

  /**
   * Back to PENDING (CANCELED if its batch was canceled meanwhile): this attempt certainly moved
   * nothing, and the batch is not sending now.
   */
  private async park(payment: PaymentEntity, now: Date): Promise<StepOutcome> {
    await this.store.park(payment, now);
    return { nextCheckAt: null };
  }

  /** The payment's last attempt if it is not known to have failed: it keeps its reference_id. */
  private async unresolvedAttempt(payment: PaymentEntity): Promise<PaymentAttemptEntity | null> {
    const attempt = await this.store.latestAttempt(payment.id);
    return attempt === null || attempt.state === 'FAILED' ? null : attempt;
  }

  private async send(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    dollrAccountId: number,
    now: Date,
  ): Promise<StepOutcome> {
    if (
      attempt.dollrSessionId === null ||
      (attempt.sessionExpiresAt?.getTime() ?? 0) - SESSION_MARGIN_MS < now.getTime() ||
      // Opened for an account re-created since (by another payment of the same payee and phone):
      // Dollr executes a payout only with its session's account.
      attempt.sessionAccountId !== dollrAccountId
    ) {
      let session: Awaited<ReturnType<ExecutionChannel['openSession']>>;
      try {
        session = await channel.openSession(payment, dollrAccountId);
      } catch (error) {
        if (refusesInactivePaymentAccount(error)) {
          return this.replaceAccount(
            channel,
            payment,
            attempt,
            dollrAccountId,
            error,
            attempt.sendCount === 0,
            now,
          );
        }
        if (error instanceof DollrForbiddenError && attempt.sendCount === 0) {
          // Refused before anything was sent (an unverified merchant): this payment fails, and
          // so would every other, so the batch pauses.
          const refused = classifySendError(error, { firstSend: true, noun: channel.noun });
          if (refused.kind === 'fail-and-pause') {
            await this.finish(channel, payment, attempt, 'FAILED', refused.reason, now);
            return { nextCheckAt: null, pauseReason: refused.pauseReason };
          }
        }
        if (error instanceof DollrValidationError && attempt.sendCount === 0) {
          // Never sent, and Dollr will not open a session for it: nothing moved, nothing will.
          await this.finish(
            channel,
            payment,
            attempt,
            'FAILED',
            `Dollr refused the ${channel.noun}: ${error.message}`,
            now,
          );
          return { nextCheckAt: null };
        }
        throw error;
      }
      attempt.dollrSessionId = session.id;
      attempt.sessionExpiresAt = session.expiresAt;
      attempt.sessionAccountId = dollrAccountId;
      await this.store.updateAttempt(attempt.id, {
        dollrSessionId: attempt.dollrSessionId,
        sessionExpiresAt: attempt.sessionExpiresAt,
        sessionAccountId: attempt.sessionAccountId,
      });
    }

    const firstSend = attempt.sendCount === 0;
    const previousSentAt = attempt.lastSentAt;
    attempt.sendCount += 1;
    attempt.lastSentAt = new Date();
    await this.store.updateAttempt(attempt.id, {
      sendCount: attempt.sendCount,
      lastSentAt: attempt.lastSentAt,
    });

    let response: ExecutionResponse;
    try {
      response = await channel.execute(
        payment,
        attempt.dollrSessionId,
        dollrAccountId,
        attempt.referenceId,
      );
    } catch (error) {
      if (error instanceof DollrInvalidRequestError) {
        // Refused by the client before it left (a passcode missing): this send did not happen.
        attempt.sendCount -= 1;
        attempt.lastSentAt = previousSentAt;
        await this.store.updateAttempt(attempt.id, {
          sendCount: attempt.sendCount,
          lastSentAt: attempt.lastSentAt,
        });
      }
      return this.onSendError(channel, error, payment, attempt, dollrAccountId, now, {
        firstSend,
        previousSentAt,
      });
    }
    const pauseReason = await this.apply(channel, payment, attempt, response, now);
    const afterSendMs =
      attempt.state === 'COMPLETED' || attempt.state === 'FAILED'
        ? 0
        : await this.firstCheckAfterSendMs(channel, payment);
    return {
      ...this.later(attempt, now, afterSendMs),
      ...(pauseReason === undefined ? {} : { pauseReason }),
    };
  }

  /**
   * When a payment just sent is first asked about: when this operator's payments have lately been
   * seen complete (learnedFirstCheckMs), so a payment usually needs a single status poll. It only
   * decides when a poll goes out, never whether anything is sent.
   */
  private async firstCheckAfterSendMs(
    channel: ExecutionChannel,
    payment: PaymentEntity,
  ): Promise<number> {
    if (payment.method === null || payment.provider === null) return this.firstCheckMs;
    const route = {
      operation: channel.operation,
      method: payment.method,
      provider: payment.provider,
    };
    const key = `${route.operation}|${route.method}|${route.provider}`;
    const known = this.firstChecks.get(key);
    if (known !== undefined && known.until > Date.now()) return known.ms;
    let ms = this.firstCheckMs;
    try {
      const times = await this.store.recentSettleTimes(
        route,
        new Date(Date.now() - SETTLE_WINDOW_MS),
        SETTLE_SAMPLES,
      );
      ms = learnedFirstCheckMs(times, this.firstCheckMs);
    } catch (error) {
      this.logger.warn(
        `could not read recent settle times: ${redactText(error instanceof Error ? error.message : String(error))}`,
      );
    }
    this.firstChecks.set(key, { ms, until: Date.now() + SETTLE_CACHE_MS });
    return ms;
  }

  private async onSendError(
    channel: ExecutionChannel,
    error: unknown,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    dollrAccountId: number,
    now: Date,
    { firstSend, previousSentAt }: { firstSend: boolean; previousSentAt: Date | null },
  ): Promise<StepOutcome> {
    const action = classifySendError(error, { firstSend, noun: channel.noun });
    switch (action.kind) {
      case 'unknown':
        await this.store.updateAttempt(attempt.id, {
          state: 'UNKNOWN',
          error: redactText(action.message),
        });
        // Polled once Dollr could have moved: it then knows the id, or the request never landed.
        return this.later({ ...attempt, state: 'UNKNOWN' }, now);
      case 'new-session':
        await this.store.updateAttempt(attempt.id, {
          dollrSessionId: null,
          sessionExpiresAt: null,
        });
        return { nextCheckAt: now };
      case 'replace-account': {
        // This request moved nothing, so it does not count as a send: an attempt refused on its
        // only send stays unsent (and fails cleanly if its new account is refused too). Earlier
        // sends of the reference_id are still polled before the next. Only this send is taken
        // back: should another worker have sent meanwhile (a lease that ran out), nothing is.
        const undone = await this.store.takeBackSend(attempt.id, attempt.sendCount, previousSentAt);
        if (undone) {
          attempt.sendCount -= 1;
          attempt.lastSentAt = previousSentAt;
        }
        return this.replaceAccount(
          channel,
          payment,
          attempt,
          dollrAccountId,
          action.error,
          firstSend && undone,
          now,
        );
      }
      case 'poll':
        await this.store.updateAttempt(attempt.id, {
          state: 'UNKNOWN',
          error: redactText(action.message),
        });
        return { nextCheckAt: now };
      case 'fail':
        await this.finish(channel, payment, attempt, 'FAILED', action.reason, now);
        return { nextCheckAt: null };
      case 'fail-and-pause':
        await this.finish(channel, payment, attempt, 'FAILED', action.reason, now);
        return { nextCheckAt: null, pauseReason: action.pauseReason };
      case 'rethrow':
        throw error;
    }
  }

  private async poll(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    now: Date,
  ): Promise<{ status: PollResult; pauseReason?: string }> {
    try {
      const response = await this.dollr.executionStatus(channel.operation, attempt.referenceId);
      const pauseReason = await this.apply(channel, payment, attempt, response, now);
      return { status: response.status, ...(pauseReason === undefined ? {} : { pauseReason }) };
    } catch (error) {
      if (error instanceof DollrNotFoundError) return { status: 'NOT_FOUND' };
      throw error;
    }
  }

  /**
   * Records what Dollr said about the attempt, and finishes the payment on a final status. Returns
   * why the batch should pause when the payment FAILED for a reason that would fail the rest of
   * the batch too (batch-wide-failure.ts).
   */
  private async apply(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    response: ExecutionResponse,
    now: Date,
  ): Promise<string | undefined> {
    const state: AttemptState = response.status;
    const amount = (value: string | undefined): bigint | null => {
      if (value === undefined) return null;
      try {
        return toMinorUnits(value, payment.currency);
      } catch {
        return null;
      }
    };
    attempt.state = state;
    attempt.gatewayMessage = response.gateway_message ?? null;
    attempt.payerAmountMinor = amount(response.payer_amount);
    attempt.payeeAmountMinor = amount(response.payee_amount);
    attempt.providerTransactionId = response.provider_transaction_id ?? null;
    if (state === 'COMPLETED' || state === 'FAILED') {
      const finished = await this.finish(
        channel,
        payment,
        attempt,
        state,
        state === 'FAILED'
          ? (response.gateway_message ?? `Dollr reported the ${channel.noun} FAILED`)
          : null,
        now,
        executionFees(response, payment.currency),
      );
      if (!finished || state === 'COMPLETED') return undefined;
      // Only an ambiguous message needs the payment before it (two in a row pause the batch).
      const previous =
        failureScope(attempt.gatewayMessage).kind === 'ambiguous'
          ? await this.store.lastFinishedBefore(payment)
          : null;
      return pauseAfterFailure(attempt.gatewayMessage, previous, channel.noun) ?? undefined;
    }
    await this.store.updateAttempt(attempt.id, {
      state,
      gatewayMessage: attempt.gatewayMessage,
      payerAmountMinor: attempt.payerAmountMinor,
      payeeAmountMinor: attempt.payeeAmountMinor,
      providerTransactionId: attempt.providerTransactionId,
    });
    return undefined;
  }

  /** The attempt's final state and the payment's, written together. */
  private async finish(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    state: 'COMPLETED' | 'FAILED',
    reason: string | null,
    now: Date,
    feeMinor: bigint | null = null,
  ): Promise<boolean> {
    const finished = await this.store.finish(payment, attempt, { state, reason, feeMinor }, now);
    if (finished) await channel.finished(payment, state, now);
    return finished;
  }

  /**
   * The next look, timed from now (the step's own Dollr calls may have taken a while since `now`,
   * when it was claimed) and from the last send, so no poll goes out before Dollr can have moved.
   */
  private later(attempt: PaymentAttemptEntity, now: Date, afterSendMs = 0): StepOutcome {
    if (attempt.state === 'COMPLETED' || attempt.state === 'FAILED') return { nextCheckAt: null };
    const current = Math.max(Date.now(), now.getTime());
    const sentAt = (attempt.lastSentAt ?? attempt.createdAt).getTime();
    return {
      nextCheckAt: new Date(
        Math.max(
          current + nextCheckDelayMs(current - sentAt, this.firstCheckMs),
          sentAt + afterSendMs,
        ),
      ),
    };
  }

  /**
   * The Dollr id of the payment's account for its next send. An account Dollr refused as not active
   * (replaceAccount) is first re-created on Dollr for the same payee, phone, method and operation.
   */
  private async accountId(payment: PaymentEntity, worker: string, now: Date): Promise<number> {
    const account = await this.store.paymentAccount(payment.paymentAccountId ?? -1);
    if (account === null) throw new Error(`payment ${payment.id} has no payment account`);
    if (account.isActive) return account.dollrAccountId;
    const renewed = await this.payees.renewPaymentAccount(
      account,
      (payment.provider ?? account.provider) as GatewayProvider,
      worker,
      now,
    );
    if (renewed.id !== account.id) {
      await this.store.usePaymentAccount(payment.id, renewed.id);
      // Later in this step (a refusal of the new account) must see the account it was sent with.
      payment.paymentAccountId = renewed.id;
    }
    this.logger.log(
      `payment ${payment.id}: Dollr payment account ${account.dollrAccountId} is not active; ` +
        `sending with the new account ${renewed.dollrAccountId}`,
    );
    return renewed.dollrAccountId;
  }

  /**
   * Dollr refused the session or the execution because the payment account is not active: a 422,
   * a definite refusal, so this request moved nothing. The account is retired (no payment reuses
   * it), the session, which is bound to the account, is dropped, and the next step sends again
   * under the SAME reference_id with a new account (accountId creates it). Keeping the reference_id
   * is what keeps it exactly-once whatever became of earlier sends of this attempt: they are polled
   * first (send count > 0), and should one land after all, Dollr answers the re-send with that
   * execution or "already exists", never with a second payment.
   *
   * An account (re)created during this very attempt and refused again is not replaced a second
   * time, so a Dollr that refuses every new account cannot make the connector create accounts
   * forever: the payment FAILS once no earlier send of it can still land (retry-failed tries again
   * with a new attempt); until then the attempt is left to its status poll.
   */
  private async replaceAccount(
    channel: ExecutionChannel,
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    refusedDollrAccountId: number,
    error: DollrValidationError,
    nothingSent: boolean,
    now: Date,
  ): Promise<StepOutcome> {
    const account = await this.store.paymentAccount(payment.paymentAccountId ?? -1);
    if (account === null) throw new Error(`payment ${payment.id} has no payment account`);
    const renewedForThisAttempt =
      account.dollrAccountId === refusedDollrAccountId &&
      account.createdAt.getTime() > attempt.createdAt.getTime();
    if (renewedForThisAttempt) {
      const why = `Dollr refused the ${channel.noun} again with a payment account created for it: ${error.message}`;
      if (nothingSent) {
        await this.finish(channel, payment, attempt, 'FAILED', why, now);
        return { nextCheckAt: null };
      }
      // Sent before: Dollr did not know the reference_id when it was polled just now, so once that
      // send is too old to land, nothing moved and nothing will.
      if (!this.mayStillLand(attempt, now))
        return this.failUnsent(channel, payment, attempt, why, now);
      await this.store.updateAttempt(attempt.id, {
        state: 'UNKNOWN',
        error: redactText(why).slice(0, 1000),
      });
      return this.later({ ...attempt, state: 'UNKNOWN' }, now);
    }
    await this.payees.retirePaymentAccount(account.id, refusedDollrAccountId);
    attempt.dollrSessionId = null;
    attempt.sessionExpiresAt = null;
    await this.store.updateAttempt(attempt.id, { dollrSessionId: null, sessionExpiresAt: null });
    return { nextCheckAt: now };
  }

  private onError(
    channel: ExecutionChannel,
    error: unknown,
    payment: PaymentEntity,
    now: Date,
  ): StepOutcome {
    if (error instanceof PayeeBusyError) return { nextCheckAt: new Date(now.getTime() + 500) };
    if (error instanceof PaymentNotReadyError) {
      return { nextCheckAt: new Date(now.getTime() + error.retryInMs) };
    }
    const message = redactText(error instanceof Error ? error.message : String(error));
    if (
      error instanceof DollrAuthenticationError ||
      error instanceof DollrInvalidRequestError ||
      error instanceof DollrForbiddenError
    ) {
      return {
        nextCheckAt: new Date(now.getTime() + 5_000),
        pauseReason: `${capitalised(channel.noun)}s cannot be sent: ${message}`,
      };
    }
    this.logger.warn(`payment ${payment.id}: ${message}; will try again`);
    return { nextCheckAt: new Date(now.getTime() + 2_000) };
  }
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

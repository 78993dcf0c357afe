import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DollrClient } from '../dollr/dollr.client';
import type {
  OperationType,
  PaymentMethod,
  GatewayProvider,
  RelationshipType,
} from '../dollr/types';
import { sqlValue } from '../database/sql-values';
import { MARKETS, type MarketCode } from '../money/currency';
import { PayeeEntity } from './entities/payee.entity';
import { PaymentAccountEntity } from './entities/payment-account.entity';

export interface PayeeDetails {
  readonly relationshipType: RelationshipType;
  readonly externalRef: string;
  readonly fullName: string;
  readonly phone: string;
  readonly email?: string | null;
}

/** The Dollr country of a mobile number in E.164 digits, from the markets' calling codes. */
export function countryOfPhone(phone: string): MarketCode | undefined {
  return (Object.keys(MARKETS) as MarketCode[]).find((code) =>
    phone.startsWith(MARKETS[code].callingCode),
  );
}

/** Another worker is syncing this payee right now: try again shortly. */
export class PayeeBusyError extends Error {
  constructor(readonly payeeId: number) {
    super(`payee ${payeeId} is being synced by another worker`);
  }
}

/**
 * Finds or creates each payee's Dollr party and counterparty, and their payment accounts, once
 * across all imports. Dollr's creates are not idempotent, so a crash between "create" and
 * "remember" must not create a second party: every create that an earlier sync may have sent is
 * preceded by a lookup (`parties/list`, `counterparties/list`), and its result is stored before
 * moving on. A party create is marked on the payee before it is sent, so a payee whose sync never
 * sent one (nor did any payee of the same name and phone) skips the party lookup. One worker at a time syncs a payee (a lease on its row).
 */
@Injectable()
export class PayeeSyncService {
  private readonly payees: Repository<PayeeEntity>;
  private readonly accounts: Repository<PaymentAccountEntity>;

  /** Long enough for the few Dollr calls a sync makes; a dead worker's lease then expires. */
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
    config: AppConfig,
  ) {
    this.payees = dataSource.getRepository(PayeeEntity);
    this.accounts = dataSource.getRepository(PaymentAccountEntity);
    this.leaseMs = 4 * config.dollr.timeoutMs + 5_000;
  }

  /** The local payee for these details, created if new. */
  async remember(details: PayeeDetails, now: Date): Promise<PayeeEntity> {
    const key = { relationshipType: details.relationshipType, externalRef: details.externalRef };
    const existing = await this.payees.findOneBy(key);
    if (existing !== null) return existing;
    try {
      return await this.payees.save(
        this.payees.create({
          ...key,
          fullName: details.fullName,
          phone: details.phone,
          email: details.email ?? null,
          countryCode: countryOfPhone(details.phone) ?? null,
          dollrPartyId: null,
          dollrCounterpartyId: null,
          partyCreateSentAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    } catch (error) {
      // Another worker inserted it first (unique relationship + external ref).
      const raced = await this.payees.findOneBy(key);
      if (raced !== null) return raced;
      throw error;
    }
  }

  /** Makes sure the payee has a Dollr party and counterparty; returns the payee with their ids. */
  async ensureOnDollr(payee: PayeeEntity, worker: string, now: Date): Promise<PayeeEntity> {
    if (payee.dollrPartyId !== null && payee.dollrCounterpartyId !== null) return payee;
    const lease = await this.lease(payee, worker, now);
    try {
      const current = await this.payees.findOneByOrFail({ id: payee.id });
      let partyIsNew = false;
      if (current.dollrPartyId === null) {
        const party = await this.findOrCreateParty(current, now);
        current.dollrPartyId = party.id;
        partyIsNew = party.created;
        await this.payees.update(current.id, {
          dollrPartyId: current.dollrPartyId,
          updatedAt: now,
        });
      }
      if (current.dollrCounterpartyId === null) {
        current.dollrCounterpartyId = await this.findOrCreateCounterparty(
          current,
          current.dollrPartyId,
          partyIsNew,
        );
        await this.payees.update(current.id, {
          dollrCounterpartyId: current.dollrCounterpartyId,
          updatedAt: now,
        });
      }
      return current;
    } finally {
      await this.payees.update(
        { id: payee.id, leaseOwner: lease },
        { leaseOwner: null, leaseExpiresAt: null },
      );
    }
  }

  /**
   * The payee's active payment account for this phone, method and operation, created if needed.
   *
   * One row per payee + phone + method + operation (`uq_payment_accounts_use`): it holds the Dollr
   * account that serves that use now. When Dollr deactivates the account (a session or execution is
   * refused as not active, see retirePaymentAccount), the row is marked inactive and the next call
   * creates a new Dollr account and writes its id into the same row, in place. Payments point at
   * the row, so a payment in flight goes on with the new account without being moved to another
   * row, and no second row (nor a migration of the unique key) is needed. What is lost is which Dollr
   * account an earlier payment used, which nothing reads: status and reconciliation go by
   * reference_id.
   */
  async ensurePaymentAccount(
    payee: PayeeEntity,
    route: {
      phone: string;
      method: PaymentMethod;
      provider: GatewayProvider;
      operation: OperationType;
    },
    worker: string,
    now: Date,
  ): Promise<PaymentAccountEntity> {
    const key = {
      payeeId: payee.id,
      phone: route.phone,
      method: route.method,
      operationType: route.operation,
    };
    const existing = await this.accounts.findOneBy(key);
    if (existing?.isActive) return existing;
    if (payee.dollrPartyId === null) throw new Error(`payee ${payee.id} has no Dollr party yet`);
    const lease = await this.lease(payee, worker, now);
    try {
      const again = await this.accounts.findOneBy(key);
      if (again?.isActive) return again;
      const country = countryOfPhone(route.phone);
      const created = await this.dollr.createPaymentAccount(route.operation, {
        account_name: `${payee.fullName} ${route.method}`.slice(0, 100),
        provider: route.provider,
        method: route.method,
        party_id: payee.dollrPartyId,
        ...(country === undefined ? {} : { country_code: country }),
        insensitive_account_number: route.phone,
      });
      const values = {
        dollrAccountId: created.id,
        isActive: created.is_active !== false,
        createdAt: now,
      };
      if (again !== null) {
        await this.accounts.update(again.id, { ...values, provider: route.provider });
        return { ...again, ...values, provider: route.provider };
      }
      return await this.accounts.save(
        this.accounts.create({ ...key, provider: route.provider, ...values }),
      );
    } finally {
      await this.payees.update(
        { id: payee.id, leaseOwner: lease },
        { leaseOwner: null, leaseExpiresAt: null },
      );
    }
  }

  /**
   * Dollr refused this account as not active: it is no longer reused, and the next
   * ensurePaymentAccount for its use creates a new one. Only while the row still holds the refused
   * Dollr id, so a late refusal of an old id never retires the account that already replaced it.
   */
  async retirePaymentAccount(accountId: number, refusedDollrAccountId: number): Promise<void> {
    await this.accounts.update(
      { id: accountId, dollrAccountId: refusedDollrAccountId },
      { isActive: false },
    );
  }

  /** A new Dollr account for the use of this (inactive) account row; the row itself if active. */
  async renewPaymentAccount(
    account: PaymentAccountEntity,
    provider: GatewayProvider,
    worker: string,
    now: Date,
  ): Promise<PaymentAccountEntity> {
    const payee = await this.payees.findOneByOrFail({ id: account.payeeId });
    return this.ensurePaymentAccount(
      payee,
      {
        phone: account.phone,
        method: account.method as PaymentMethod,
        provider,
        operation: account.operationType as OperationType,
      },
      worker,
      now,
    );
  }

  /** Takes the payee's sync lease; returns its token. Not re-entrant, even within one worker. */
  private async lease(payee: PayeeEntity, worker: string, now: Date): Promise<string> {
    const token = `${worker}/${randomUUID().slice(0, 8)}`;
    const at = (d: Date): unknown => sqlValue(this.dataSource, PayeeEntity, 'leaseExpiresAt', d);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PayeeEntity)
      .set({ leaseOwner: token, leaseExpiresAt: new Date(now.getTime() + this.leaseMs) })
      .where('id = :id', { id: payee.id })
      .andWhere('(lease_owner IS NULL OR lease_expires_at < :now)', { now: at(now) })
      .execute();
    if ((result.affected ?? 0) === 0) throw new PayeeBusyError(payee.id);
    return token;
  }

  /**
   * The payee's party: looked up first only when a create may have been sent for this person
   * before (by this payee's sync or by another payee row of the same name and phone, e.g. the same
   * person under another relationship); otherwise created at once. Either way the marker
   * `party_create_sent_at` is committed before the create is sent, so a sync that crashes or loses
   * the answer leaves the next one looking up instead of creating a second party.
   */
  private async findOrCreateParty(
    payee: PayeeEntity,
    now: Date,
  ): Promise<{ id: number; created: boolean }> {
    if (await this.mayHaveSentPartyCreate(payee)) {
      // Dollr's name search matches part of a name: only a party with this exact name and phone is
      // this payee's own earlier create ("Amara Kamara" must not take "Amara Kamara Jr"'s party).
      const found = (await this.dollr.listParties({ fullname: payee.fullName })).find(
        (p) => p.phone === payee.phone && p.fullname === payee.fullName,
      );
      if (found !== undefined) return { id: found.id, created: false };
    }
    await this.payees.update(payee.id, { partyCreateSentAt: now, updatedAt: now });
    const country = countryOfPhone(payee.phone);
    const party = await this.dollr.createParty({
      fullname: payee.fullName,
      phone: payee.phone,
      ...(payee.email ? { email: payee.email } : {}),
      ...(country === undefined ? {} : { country_code: country }),
    });
    return { id: party.id, created: true };
  }

  /**
   * Whether a party create for this person may ever have been sent: this payee's marker, or any
   * payee of the same name and phone that has a party or a marker (a party found by a lookup, or
   * stored before the marker existed, may be one Dollr has under that name too).
   */
  private async mayHaveSentPartyCreate(payee: PayeeEntity): Promise<boolean> {
    if (payee.partyCreateSentAt !== null) return true;
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM payees
       WHERE full_name = ? AND phone = ?
         AND (party_create_sent_at IS NOT NULL OR dollr_party_id IS NOT NULL)
       LIMIT 1`,
      [payee.fullName, payee.phone],
    );
    return rows.length > 0;
  }

  /**
   * `partyIsNew`: the party was created by this very sync, a moment ago, so no counterparty can
   * point at it yet and the lookup is skipped. Any later sync (after a crash or a failed create)
   * finds the party remembered, not new, and looks up first.
   */
  private async findOrCreateCounterparty(
    payee: PayeeEntity,
    partyId: number,
    partyIsNew: boolean,
  ): Promise<number> {
    const relationship = payee.relationshipType as RelationshipType;
    if (partyIsNew) return this.createCounterparty(relationship, partyId);
    const found = (
      await this.dollr.listCounterparties({
        fullname: payee.fullName,
        relationship_type: relationship,
      })
    ).find((c) => c.party?.id === partyId || (c as { party_id?: unknown }).party_id === partyId);
    if (found !== undefined) return found.id;
    return this.createCounterparty(relationship, partyId);
  }

  private async createCounterparty(
    relationship: RelationshipType,
    partyId: number,
  ): Promise<number> {
    const counterparty = await this.dollr.createCounterparty({
      relationship_type: relationship,
      party_id: partyId,
    });
    return counterparty.id;
  }
}

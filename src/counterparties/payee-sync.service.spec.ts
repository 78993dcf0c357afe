import type { DataSource, Repository } from 'typeorm';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { testConfig } from '../../test/support/test-config';
import type { DollrClient } from '../dollr/dollr.client';
import { DollrOutcomeUnknownError } from '../dollr/errors';
import type {
  Counterparty,
  CounterpartyCreateRequest,
  CounterpartyListQuery,
  GatewayProvider,
  OperationType,
  Party,
  PartyCreateRequest,
  PartyListQuery,
  PaymentAccount,
  PaymentAccountCreateRequest,
  PaymentMethod,
  RelationshipType,
} from '../dollr/types';
import { PayeeEntity } from './entities/payee.entity';
import { PaymentAccountEntity } from './entities/payment-account.entity';
import { type PayeeDetails, PayeeBusyError, PayeeSyncService } from './payee-sync.service';

/**
 * PayeeSyncService in process, on the database under test, against an in-memory Dollr that
 * records what it was asked to create: each payee becomes one Dollr party, counterparty and
 * payment account per use, whatever crashes, lost answers and competing workers come in between.
 */

type DollrMethod =
  | 'listParties'
  | 'createParty'
  | 'listCounterparties'
  | 'createCounterparty'
  | 'createPaymentAccount';

interface DollrCall {
  readonly method: DollrMethod;
  readonly args: readonly unknown[];
}

interface StoredCounterparty {
  readonly id: number;
  readonly relationshipType: RelationshipType;
  readonly partyId: number;
}

/** A Dollr call stopped before Dollr acts on it, until the test lets it go on or fail. */
class Hold {
  private readonly reached: Promise<void>;
  private arrive!: () => void;
  private settle!: (error?: Error) => void;
  private readonly settled: Promise<Error | undefined>;

  constructor() {
    this.reached = new Promise((resolve) => (this.arrive = resolve));
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  release(): void {
    this.settle();
  }

  fail(error: Error): void {
    this.settle(error);
  }

  /** Waits until `call` is held here; fails at once if it ends without getting this far. */
  async heldBy(call: Promise<unknown>): Promise<void> {
    const first = await Promise.race([
      this.reached.then(() => 'held' as const),
      call.then(
        () => 'ended' as const,
        () => 'ended' as const,
      ),
    ]);
    if (first === 'ended') throw new Error('the call ended before reaching the held Dollr call');
  }

  async wait(): Promise<void> {
    this.arrive();
    const error = await this.settled;
    if (error !== undefined) throw error;
  }
}

/** The Dollr calls PayeeSyncService makes, against parties and counterparties kept in memory. */
class FakeDollr {
  readonly calls: DollrCall[] = [];
  readonly parties: Party[] = [];
  readonly counterparties: StoredCounterparty[] = [];
  /** Dollr's list answer is undocumented: the party embedded, or only its id. */
  counterpartiesListed: 'with party' | 'with party_id' = 'with party';
  private nextId = 500;
  private readonly lostAnswers = new Set<DollrMethod>();
  private readonly holds = new Map<DollrMethod, Hold>();

  /** The next call of `method` is applied on Dollr, but its answer never reaches the caller. */
  loseNextAnswer(method: DollrMethod): void {
    this.lostAnswers.add(method);
  }

  /** The next call of `method` waits, before Dollr acts on it, for the hold to be let go. */
  holdNext(method: DollrMethod): Hold {
    const hold = new Hold();
    this.holds.set(method, hold);
    return hold;
  }

  /** What an earlier run left on Dollr: not a call of this run. */
  seedParty(fullname: string, phone: string): Party {
    const party: Party = { id: this.nextId++, fullname, phone };
    this.parties.push(party);
    return party;
  }

  seedCounterparty(relationshipType: RelationshipType, partyId: number): number {
    const id = this.nextId++;
    this.counterparties.push({ id, relationshipType, partyId });
    return id;
  }

  argsOf(method: DollrMethod): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => [...call.args]);
  }

  async listParties(query: PartyListQuery = {}): Promise<Party[]> {
    await this.enter('listParties', [query]);
    return this.parties.filter((party) => nameMatches(party.fullname, query.fullname));
  }

  async createParty(body: PartyCreateRequest): Promise<Party> {
    await this.enter('createParty', [body]);
    const party: Party = { ...body, id: this.nextId++ };
    this.parties.push(party);
    return this.answer('createParty', party);
  }

  async listCounterparties(query: CounterpartyListQuery = {}): Promise<Counterparty[]> {
    await this.enter('listCounterparties', [query]);
    return this.counterparties
      .map((counterparty) => ({
        counterparty,
        party: this.parties.find((p) => p.id === counterparty.partyId) as Party,
      }))
      .filter(
        ({ counterparty, party }) =>
          nameMatches(party.fullname, query.fullname) &&
          (query.relationship_type === undefined ||
            counterparty.relationshipType === query.relationship_type),
      )
      .map(({ counterparty, party }) =>
        this.counterpartiesListed === 'with party'
          ? { id: counterparty.id, relationship_type: counterparty.relationshipType, party }
          : {
              id: counterparty.id,
              relationship_type: counterparty.relationshipType,
              party_id: party.id,
            },
      );
  }

  async createCounterparty(body: CounterpartyCreateRequest): Promise<Counterparty> {
    await this.enter('createCounterparty', [body]);
    const id = this.seedCounterparty(body.relationship_type, body.party_id as number);
    return this.answer('createCounterparty', { id });
  }

  async createPaymentAccount(
    operationType: OperationType,
    body: PaymentAccountCreateRequest,
  ): Promise<PaymentAccount> {
    await this.enter('createPaymentAccount', [operationType, body]);
    return this.answer('createPaymentAccount', { id: this.nextId++, is_active: true });
  }

  private async enter(method: DollrMethod, args: readonly unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const hold = this.holds.get(method);
    if (hold === undefined) return;
    this.holds.delete(method);
    await hold.wait();
  }

  private answer<T>(method: DollrMethod, result: T): T {
    if (!this.lostAnswers.delete(method)) return result;
    throw new DollrOutcomeUnknownError(
      { reason: 'timeout', what: 'no answer within the time limit' },
      { operation: method },
    );
  }
}

/** Dollr's `fullname` filter matches part of the name, as the sandbox does. */
function nameMatches(fullname: string | undefined, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return (fullname ?? '').toLowerCase().includes(wanted.toLowerCase());
}

const t0 = new Date('2025-06-02T09:00:00.000Z');

function later(ms: number): Date {
  return new Date(t0.getTime() + ms);
}

const payout = {
  phone: '231770000001',
  method: 'MTN_MOMO_LBR' as PaymentMethod,
  provider: 'PAWAPAY' as GatewayProvider,
  operation: 'PAYOUT' as OperationType,
};

let db: MigratedDatabase;
let dataSource: DataSource;
let payees: Repository<PayeeEntity>;
let accounts: Repository<PaymentAccountEntity>;
let dollr: FakeDollr;
let service: PayeeSyncService;

beforeAll(async () => {
  db = await openMigratedDatabase();
  dataSource = db.dataSource;
  payees = dataSource.getRepository(PayeeEntity);
  accounts = dataSource.getRepository(PaymentAccountEntity);
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  dollr = new FakeDollr();
  service = new PayeeSyncService(
    dataSource,
    dollr as unknown as DollrClient,
    testConfig(db.database.url),
  );
});

// The database is shared by every test: each payee gets an external ref of its own.
let serial = 0;

function details(overrides: Partial<PayeeDetails> = {}): PayeeDetails {
  serial += 1;
  return {
    relationshipType: 'BENEFICIARY',
    externalRef: `EMP-${serial}`,
    fullName: 'Amara Kamara',
    phone: '231770000001',
    email: 'amara@example.com',
    ...overrides,
  };
}

async function storedPayee(id: number): Promise<PayeeEntity> {
  return payees.findOneByOrFail({ id });
}

async function payeeRows(relationshipType: string, externalRef: string): Promise<PayeeEntity[]> {
  return payees.findBy({ relationshipType, externalRef });
}

/** A remembered payee already on Dollr (its creates are dropped from the calls). */
async function payeeOnDollr(overrides: Partial<PayeeDetails> = {}): Promise<PayeeEntity> {
  const payee = await service.remember(details(overrides), t0);
  const synced = await service.ensureOnDollr(payee, 'worker-a', t0);
  dollr.calls.length = 0;
  return synced;
}

describe('remember', () => {
  it('stores a new payee with the country of their phone number and no Dollr ids yet', async () => {
    const liberian = await service.remember(details(), t0);
    const rwandan = await service.remember(details({ phone: '250780000002', email: null }), t0);
    const abroad = await service.remember(details({ phone: '447700900003' }), t0);

    expect(await storedPayee(liberian.id)).toMatchObject({
      fullName: 'Amara Kamara',
      phone: '231770000001',
      email: 'amara@example.com',
      countryCode: 'LR',
      dollrPartyId: null,
      dollrCounterpartyId: null,
    });
    expect(await storedPayee(rwandan.id)).toMatchObject({ countryCode: 'RW', email: null });
    expect((await storedPayee(abroad.id)).countryCode).toBeNull();
  });

  it('returns the payee already stored for the same relationship and external ref', async () => {
    const first = await service.remember(details(), t0);
    const again = await service.remember(
      { ...details(), externalRef: first.externalRef, fullName: 'Amara K. Kamara' },
      later(60_000),
    );

    expect(again.id).toBe(first.id);
    expect(await payeeRows('BENEFICIARY', first.externalRef)).toHaveLength(1);
  });

  it('keeps the same external ref under another relationship as another payee', async () => {
    const employee = await service.remember(details({ relationshipType: 'EMPLOYEE' }), t0);
    const supplier = await service.remember(
      details({ relationshipType: 'SUPPLIER', externalRef: employee.externalRef }),
      t0,
    );

    expect(supplier.id).not.toBe(employee.id);
    expect(await payeeRows('EMPLOYEE', employee.externalRef)).toHaveLength(1);
    expect(await payeeRows('SUPPLIER', employee.externalRef)).toHaveLength(1);
  });

  it('keeps external refs that differ only in case or accents apart', async () => {
    const ref = `josé-${serial}`;
    const refs = [ref, ref.toUpperCase(), ref.replace('é', 'e')];
    const stored = [];
    for (const externalRef of refs)
      stored.push(await service.remember(details({ externalRef }), t0));

    expect(new Set(stored.map((payee) => payee.id)).size).toBe(3);
    expect(stored.map((payee) => payee.externalRef)).toEqual(refs);
  });

  it('gives two workers remembering the same new payee at once one and the same row', async () => {
    const payee = details();
    const [a, b] = await Promise.all([service.remember(payee, t0), service.remember(payee, t0)]);

    expect(b.id).toBe(a.id);
    expect(await payeeRows('BENEFICIARY', payee.externalRef)).toHaveLength(1);
  });
});

describe('ensureOnDollr', () => {
  it('creates the party and counterparty on Dollr and stores their ids', async () => {
    const payee = await service.remember(details({ relationshipType: 'EMPLOYEE' }), t0);

    const synced = await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('createParty')).toEqual([
      [
        {
          fullname: 'Amara Kamara',
          phone: '231770000001',
          email: 'amara@example.com',
          country_code: 'LR',
        },
      ],
    ]);
    const [party] = dollr.parties;
    expect(dollr.argsOf('createCounterparty')).toEqual([
      [{ relationship_type: 'EMPLOYEE', party_id: party.id }],
    ]);
    const [counterparty] = dollr.counterparties;
    expect(synced).toMatchObject({
      dollrPartyId: party.id,
      dollrCounterpartyId: counterparty.id,
    });
    expect(await storedPayee(payee.id)).toMatchObject({
      dollrPartyId: party.id,
      dollrCounterpartyId: counterparty.id,
    });
  });

  it('sends no email or country for a payee who has neither', async () => {
    const payee = await service.remember(details({ phone: '447700900003', email: null }), t0);

    await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('createParty')).toEqual([
      [{ fullname: 'Amara Kamara', phone: '447700900003' }],
    ]);
  });

  it('reuses the stored party and counterparty on later syncs, even from a stale copy', async () => {
    const stale = await service.remember(details(), t0);
    const synced = await service.ensureOnDollr(stale, 'worker-a', t0);

    const fromSynced = await service.ensureOnDollr(synced, 'worker-b', later(1_000));
    const fromStale = await service.ensureOnDollr(stale, 'worker-b', later(2_000));

    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    for (const payee of [fromSynced, fromStale]) {
      expect(payee).toMatchObject({
        dollrPartyId: synced.dollrPartyId,
        dollrCounterpartyId: synced.dollrCounterpartyId,
      });
    }
  });

  it('gives two people who share a phone a party each, when one name contains the other', async () => {
    const junior = await payeeOnDollr({
      externalRef: 'SHARED-1',
      fullName: 'Amara Kamara Jr',
      phone: '231770000077',
    });

    const senior = await payeeOnDollr({
      externalRef: 'SHARED-2',
      fullName: 'Amara Kamara',
      phone: '231770000077',
    });

    expect(senior.dollrPartyId).not.toBe(junior.dollrPartyId);
    expect(senior.dollrCounterpartyId).not.toBe(junior.dollrCounterpartyId);
  });

  it('finds the party whose create answer was lost instead of creating a second one', async () => {
    const payee = await service.remember(details(), t0);
    dollr.loseNextAnswer('createParty');

    await expect(service.ensureOnDollr(payee, 'worker-a', t0)).rejects.toThrow(
      DollrOutcomeUnknownError,
    );
    expect((await storedPayee(payee.id)).dollrPartyId).toBeNull();
    // At the same instant, from another worker: the failed sync must have let go of the payee.
    const synced = await service.ensureOnDollr(payee, 'worker-b', t0);

    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    expect(synced.dollrPartyId).toBe(dollr.parties[0].id);
    expect(await storedPayee(payee.id)).toMatchObject({
      dollrPartyId: dollr.parties[0].id,
      dollrCounterpartyId: dollr.counterparties[0].id,
    });
  });

  it('finds the counterparty whose create answer was lost instead of creating a second one', async () => {
    const payee = await service.remember(details(), t0);
    dollr.loseNextAnswer('createCounterparty');

    await expect(service.ensureOnDollr(payee, 'worker-a', t0)).rejects.toThrow(
      DollrOutcomeUnknownError,
    );
    const synced = await service.ensureOnDollr(payee, 'worker-b', t0);

    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    expect(synced).toMatchObject({
      dollrPartyId: dollr.parties[0].id,
      dollrCounterpartyId: dollr.counterparties[0].id,
    });
  });

  it('takes up the party and counterparty a crashed sync created but never stored', async () => {
    const payee = await service.remember(details({ relationshipType: 'SUPPLIER' }), t0);
    const party = dollr.seedParty('Amara Kamara', '231770000001');
    const counterpartyId = dollr.seedCounterparty('SUPPLIER', party.id);

    const synced = await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('createParty')).toEqual([]);
    expect(dollr.argsOf('createCounterparty')).toEqual([]);
    expect(await storedPayee(synced.id)).toMatchObject({
      dollrPartyId: party.id,
      dollrCounterpartyId: counterpartyId,
    });
  });

  it('recognises a counterparty that Dollr lists with a bare party_id', async () => {
    const payee = await service.remember(details(), t0);
    const party = dollr.seedParty('Amara Kamara', '231770000001');
    const counterpartyId = dollr.seedCounterparty('BENEFICIARY', party.id);
    dollr.counterpartiesListed = 'with party_id';

    const synced = await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('createCounterparty')).toEqual([]);
    expect(synced.dollrCounterpartyId).toBe(counterpartyId);
  });

  it('does not take a party of the same name with another phone number', async () => {
    const namesake = dollr.seedParty('Amara Kamara', '231779999999');
    dollr.seedCounterparty('BENEFICIARY', namesake.id);
    const payee = await service.remember(details(), t0);

    const synced = await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    expect(synced.dollrPartyId).not.toBe(namesake.id);
    expect(synced.dollrPartyId).toBe(dollr.parties[1].id);
  });

  it('gives one person under two relationships one party and a counterparty for each', async () => {
    const employee = await service.remember(details({ relationshipType: 'EMPLOYEE' }), t0);
    const supplier = await service.remember(details({ relationshipType: 'SUPPLIER' }), t0);

    const asEmployee = await service.ensureOnDollr(employee, 'worker-a', t0);
    const asSupplier = await service.ensureOnDollr(supplier, 'worker-a', t0);

    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(asSupplier.dollrPartyId).toBe(asEmployee.dollrPartyId);
    expect(dollr.argsOf('createCounterparty')).toEqual([
      [{ relationship_type: 'EMPLOYEE', party_id: asEmployee.dollrPartyId }],
      [{ relationship_type: 'SUPPLIER', party_id: asEmployee.dollrPartyId }],
    ]);
    expect(asSupplier.dollrCounterpartyId).not.toBe(asEmployee.dollrCounterpartyId);
  });

  it('turns away a second worker while the first is syncing the payee', async () => {
    const payee = await service.remember(details(), t0);
    const hold = dollr.holdNext('listParties');
    const first = service.ensureOnDollr(payee, 'worker-a', t0);
    await hold.heldBy(first);

    const second = service.ensureOnDollr(payee, 'worker-b', later(1_000));
    await expect(second).rejects.toThrow(PayeeBusyError);
    await expect(second).rejects.toMatchObject({ payeeId: payee.id });

    hold.release();
    const synced = await first;
    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    expect(await storedPayee(payee.id)).toMatchObject({
      dollrPartyId: synced.dollrPartyId,
      dollrCounterpartyId: synced.dollrCounterpartyId,
    });
  });

  it("takes over from a worker that died mid-sync once its lease has expired, and the dead worker's late cleanup does not free the payee", async () => {
    const payee = await service.remember(details(), t0);
    const dead = dollr.holdNext('listParties');
    const deadSync = service.ensureOnDollr(payee, 'worker-a', t0);
    await dead.heldBy(deadSync);

    await expect(service.ensureOnDollr(payee, 'worker-b', later(1_000))).rejects.toThrow(
      PayeeBusyError,
    );

    const successor = dollr.holdNext('listParties');
    const takeover = service.ensureOnDollr(payee, 'worker-b', later(10 * 60_000));
    await successor.heldBy(takeover);
    dead.fail(new Error('worker-a lost its connection'));
    await expect(deadSync).rejects.toThrow('worker-a lost its connection');
    await expect(
      service.ensureOnDollr(payee, 'worker-c', later(10 * 60_000 + 1_000)),
    ).rejects.toThrow(PayeeBusyError);

    successor.release();
    const synced = await takeover;
    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(await storedPayee(payee.id)).toMatchObject({
      dollrPartyId: synced.dollrPartyId,
      dollrCounterpartyId: synced.dollrCounterpartyId,
    });
  });
});

describe('ensureOnDollr without a party lookup', () => {
  /** Someone no sync has ever sent to Dollr: a name and phone of their own. */
  function newcomer(overrides: Partial<PayeeDetails> = {}): PayeeDetails {
    const own = details(overrides);
    return {
      ...own,
      fullName: `Musu Newcomer ${own.externalRef}`,
      phone: `23177${String(5_000_000 + serial)}`,
      ...overrides,
    };
  }

  it('creates the party of a payee no sync ever sent a create for without looking it up', async () => {
    const payee = await service.remember(newcomer(), t0);

    const synced = await service.ensureOnDollr(payee, 'worker-a', t0);

    expect(dollr.argsOf('listParties')).toEqual([]);
    expect(dollr.argsOf('listCounterparties')).toEqual([]);
    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.argsOf('createCounterparty')).toHaveLength(1);
    expect(await storedPayee(payee.id)).toMatchObject({
      dollrPartyId: synced.dollrPartyId,
      dollrCounterpartyId: synced.dollrCounterpartyId,
      partyCreateSentAt: t0,
    });
  });

  it('records that the create was sent before Dollr receives it', async () => {
    const payee = await service.remember(newcomer(), t0);
    const hold = dollr.holdNext('createParty');
    const sync = service.ensureOnDollr(payee, 'worker-a', t0);
    await hold.heldBy(sync);

    expect((await storedPayee(payee.id)).partyCreateSentAt).toEqual(t0);

    hold.release();
    await sync;
  });

  it('looks up after a lost create answer, and takes the party that create made', async () => {
    const payee = await service.remember(newcomer(), t0);
    dollr.loseNextAnswer('createParty');
    await expect(service.ensureOnDollr(payee, 'worker-a', t0)).rejects.toThrow(
      DollrOutcomeUnknownError,
    );

    const synced = await service.ensureOnDollr(payee, 'worker-b', later(1_000));

    expect(dollr.argsOf('listParties')).toEqual([[{ fullname: payee.fullName }]]);
    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(dollr.parties).toHaveLength(1);
    expect(synced.dollrPartyId).toBe(dollr.parties[0].id);
  });

  it('looks up after a worker died with its create sent, once its lease has expired', async () => {
    const payee = await service.remember(newcomer(), t0);
    const dead = dollr.holdNext('createParty');
    const deadSync = service.ensureOnDollr(payee, 'worker-a', t0);
    await dead.heldBy(deadSync);

    // Dollr acts on the create, the worker never hears of it.
    dead.release();
    const party = await deadSync.then(() => dollr.parties[0]);
    await payees.update(payee.id, {
      dollrPartyId: null,
      dollrCounterpartyId: null,
      leaseOwner: 'worker-a/dead',
      leaseExpiresAt: later(60_000),
    });
    dollr.counterparties.length = 0;
    dollr.calls.length = 0;

    const synced = await service.ensureOnDollr(payee, 'worker-b', later(10 * 60_000));

    expect(dollr.argsOf('listParties')).toHaveLength(1);
    expect(dollr.argsOf('createParty')).toEqual([]);
    expect(synced.dollrPartyId).toBe(party.id);
  });

  it('looks up for the same person under a second relationship, and shares the party', async () => {
    const person = newcomer({ relationshipType: 'EMPLOYEE' });
    const employee = await service.remember(person, t0);
    const supplier = await service.remember(
      { ...person, relationshipType: 'SUPPLIER', externalRef: `${person.externalRef}-S` },
      t0,
    );

    const asEmployee = await service.ensureOnDollr(employee, 'worker-a', t0);
    const asSupplier = await service.ensureOnDollr(supplier, 'worker-a', t0);

    expect(dollr.argsOf('listParties')).toHaveLength(1);
    expect(dollr.argsOf('createParty')).toHaveLength(1);
    expect(asSupplier.dollrPartyId).toBe(asEmployee.dollrPartyId);
  });
});

describe('ensurePaymentAccount', () => {
  it("creates a payment account for the payee's party and stores it", async () => {
    const payee = await payeeOnDollr();

    const account = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);

    expect(dollr.argsOf('createPaymentAccount')).toEqual([
      [
        'PAYOUT',
        {
          account_name: 'Amara Kamara MTN_MOMO_LBR',
          provider: 'PAWAPAY',
          method: 'MTN_MOMO_LBR',
          party_id: payee.dollrPartyId,
          country_code: 'LR',
          insensitive_account_number: '231770000001',
        },
      ],
    ]);
    expect(await accounts.findBy({ payeeId: payee.id })).toEqual([
      expect.objectContaining({
        id: account.id,
        phone: '231770000001',
        method: 'MTN_MOMO_LBR',
        provider: 'PAWAPAY',
        operationType: 'PAYOUT',
        dollrAccountId: account.dollrAccountId,
        isActive: true,
      }),
    ]);
  });

  it('reuses the active account for the same phone, method and operation', async () => {
    const payee = await payeeOnDollr();

    const first = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);
    const again = await service.ensurePaymentAccount(payee, payout, 'worker-b', later(1_000));

    expect(dollr.argsOf('createPaymentAccount')).toHaveLength(1);
    expect(again).toMatchObject({ id: first.id, dollrAccountId: first.dollrAccountId });
    expect(await accounts.countBy({ payeeId: payee.id })).toBe(1);
  });

  it('creates a separate account for another operation, phone or method', async () => {
    const payee = await payeeOnDollr();
    const routes = [
      payout,
      { ...payout, operation: 'COLLECTION' as OperationType },
      { ...payout, phone: '231880000004' },
      { ...payout, method: 'ORANGE_MONEY_LBR' as PaymentMethod },
    ];

    for (const route of routes) await service.ensurePaymentAccount(payee, route, 'worker-a', t0);
    for (const route of routes) await service.ensurePaymentAccount(payee, route, 'worker-a', t0);

    expect(dollr.argsOf('createPaymentAccount')).toHaveLength(4);
    const rows = await accounts.findBy({ payeeId: payee.id });
    expect(new Set(rows.map((row) => row.dollrAccountId)).size).toBe(4);
  });

  it('refuses a payee who is not on Dollr yet, without calling Dollr', async () => {
    const payee = await service.remember(details(), t0);

    await expect(service.ensurePaymentAccount(payee, payout, 'worker-a', t0)).rejects.toThrow(
      'has no Dollr party yet',
    );
    expect(dollr.calls).toEqual([]);
    expect(await accounts.countBy({ payeeId: payee.id })).toBe(0);
  });

  it('hands out an active account while another worker syncs the payee, but turns away a new one', async () => {
    const payee = await payeeOnDollr();
    const existing = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);
    const hold = dollr.holdNext('createPaymentAccount');
    const collection = { ...payout, operation: 'COLLECTION' as OperationType };
    const creating = service.ensurePaymentAccount(payee, collection, 'worker-a', t0);
    await hold.heldBy(creating);

    const reused = await service.ensurePaymentAccount(payee, payout, 'worker-b', later(1_000));
    const transfer = { ...payout, operation: 'TRANSFER' as OperationType };
    await expect(
      service.ensurePaymentAccount(payee, transfer, 'worker-b', later(1_000)),
    ).rejects.toThrow(PayeeBusyError);

    hold.release();
    await creating;
    expect(reused.id).toBe(existing.id);
    expect(dollr.argsOf('createPaymentAccount').map(([operation]) => operation)).toEqual([
      'PAYOUT',
      'COLLECTION',
    ]);
    expect(await accounts.countBy({ payeeId: payee.id })).toBe(2);
  });
});

describe('retirePaymentAccount and renewPaymentAccount', () => {
  it('replaces a retired account with a new Dollr account in the same row', async () => {
    const payee = await payeeOnDollr();
    const first = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);

    await service.retirePaymentAccount(first.id, first.dollrAccountId);
    expect(await accounts.findOneByOrFail({ id: first.id })).toMatchObject({ isActive: false });
    const renewedAt = later(60_000);
    const second = await service.ensurePaymentAccount(payee, payout, 'worker-a', renewedAt);

    expect(dollr.argsOf('createPaymentAccount')).toHaveLength(2);
    expect(second.id).toBe(first.id);
    expect(second.dollrAccountId).not.toBe(first.dollrAccountId);
    expect(await accounts.findBy({ payeeId: payee.id })).toEqual([
      expect.objectContaining({
        id: first.id,
        dollrAccountId: second.dollrAccountId,
        isActive: true,
        createdAt: renewedAt,
      }),
    ]);
  });

  it('ignores a late refusal of a Dollr account that has already been replaced', async () => {
    const payee = await payeeOnDollr();
    const first = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);
    await service.retirePaymentAccount(first.id, first.dollrAccountId);
    const second = await service.ensurePaymentAccount(payee, payout, 'worker-a', later(1_000));

    await service.retirePaymentAccount(first.id, first.dollrAccountId);

    expect(await accounts.findOneByOrFail({ id: first.id })).toMatchObject({
      dollrAccountId: second.dollrAccountId,
      isActive: true,
    });
    await service.ensurePaymentAccount(payee, payout, 'worker-a', later(2_000));
    expect(dollr.argsOf('createPaymentAccount')).toHaveLength(2);
  });

  it('renewing an active account returns it as it is, without calling Dollr', async () => {
    const payee = await payeeOnDollr();
    const account = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);
    dollr.calls.length = 0;

    const renewed = await service.renewPaymentAccount(account, 'PAWAPAY', 'worker-a', later(1_000));

    expect(renewed).toMatchObject({ id: account.id, dollrAccountId: account.dollrAccountId });
    expect(dollr.calls).toEqual([]);
  });

  it('renewing a retired account creates a new Dollr account for the same use, with the given provider', async () => {
    const payee = await payeeOnDollr();
    const account = await service.ensurePaymentAccount(payee, payout, 'worker-a', t0);
    await service.retirePaymentAccount(account.id, account.dollrAccountId);
    const retired = await accounts.findOneByOrFail({ id: account.id });

    const renewed = await service.renewPaymentAccount(
      retired,
      'PLATFORM',
      'worker-b',
      later(1_000),
    );

    expect(dollr.argsOf('createPaymentAccount')[1]).toEqual([
      'PAYOUT',
      expect.objectContaining({
        provider: 'PLATFORM',
        method: 'MTN_MOMO_LBR',
        party_id: payee.dollrPartyId,
        insensitive_account_number: '231770000001',
      }),
    ]);
    expect(await accounts.findBy({ payeeId: payee.id })).toEqual([
      expect.objectContaining({
        id: account.id,
        dollrAccountId: renewed.dollrAccountId,
        provider: 'PLATFORM',
        isActive: true,
      }),
    ]);
    expect(renewed.dollrAccountId).not.toBe(account.dollrAccountId);
  });
});

import { randomBytes } from 'node:crypto';
import type { MerchantContext } from '../context';
import { parseBody } from '../context';
import { invalid } from '../http/errors';
import { isoTimeOrNull } from '../http/json';
import { CHECKOUT_MODES, FEE_BEARERS, RELATIONSHIP_TYPES, SOURCE_TYPES } from '../rules/enums';
import { type Currency, toMinorUnits } from '../rules/money';
import { phoneCountry } from '../rules/phones';
import {
  amount,
  amountIssue,
  currency,
  dateTime,
  integer,
  integerId,
  type Issue,
  issue,
  list,
  object,
  oneOf,
  optional,
  phone,
  text,
} from '../rules/validation';
import { createCounterparty, requireCounterparty, type CounterpartyRow } from './counterparties';
import { createParty, type PartyRow } from './parties';
import { insertItem, insertSource, SOURCE_KINDS } from './sources';

const itemSchema = object({
  name: text(),
  currency: currency(),
  amount: amount(),
  qty: optional(integer({ min: 1 })),
});

function itemIssues(value: {
  currency?: Currency;
  items?: ReadonlyArray<{ currency: Currency; amount: string }>;
}): Issue[] {
  const issues: Issue[] = [];
  value.items?.forEach((item, index) => {
    const loc = ['body', 'items', index];
    if (value.currency !== undefined && item.currency !== value.currency) {
      issues.push(issue([...loc, 'currency'], `item currency must be ${value.currency}`));
    }
    issues.push(...amountIssue([...loc, 'amount'], item.amount, item.currency));
  });
  return issues;
}

/**
 * One call that finds or creates the party (by phone) and counterparty, and creates an ACTIVE
 * invoice or order with its items. It does not create a session (README decision).
 */
export function handleCreateCheckout(ctx: MerchantContext): unknown {
  const body = parseBody(
    ctx,
    {
      mode: optional(oneOf(CHECKOUT_MODES)),
      source_kind: oneOf(SOURCE_TYPES),
      party_phone: phone(),
      currency: currency(),
      items: list(itemSchema, { minItems: 1 }),
      party_name: optional(text()),
      party_email: optional(text()),
      party_relationship: optional(oneOf(RELATIONSHIP_TYPES)),
      counterparty_id: optional(integerId()),
      reference_id: optional(text()),
      note: optional(text({ minLength: 0, maxLength: 2000 })),
      fee_bearer: optional(oneOf(FEE_BEARERS)),
      due_date: optional(dateTime()),
      expires_at: optional(dateTime()),
      success_url: optional(text({ maxLength: 2000 })),
      cancel_url: optional(text({ maxLength: 2000 })),
    },
    itemIssues,
  );
  if (body.expires_at !== undefined && body.expires_at <= ctx.now) {
    throw invalid('body', 'expires_at', 'expires_at must be in the future');
  }
  const store = ctx.store;
  let counterparty: CounterpartyRow;
  let party: PartyRow | undefined;
  if (body.counterparty_id !== undefined) {
    counterparty = requireCounterparty(ctx, body.counterparty_id);
  } else {
    party =
      store.get<PartyRow>(
        'SELECT * FROM parties WHERE merchant_id = ? AND phone = ? ORDER BY id LIMIT 1',
        ctx.merchant.id,
        body.party_phone,
      ) ??
      createParty(
        store,
        ctx.merchant.id,
        {
          fullname: body.party_name ?? body.party_phone,
          phone: body.party_phone,
          email: body.party_email,
          country_code: phoneCountry(body.party_phone),
        },
        ctx.now,
      );
    const relationship = body.party_relationship ?? 'CUSTOMER';
    counterparty =
      store.get<CounterpartyRow>(
        `SELECT * FROM counterparties WHERE merchant_id = ? AND party_id = ? AND relationship_type = ?
         ORDER BY id LIMIT 1`,
        ctx.merchant.id,
        party.id,
        relationship,
      ) ?? createCounterparty(store, party, relationship, ctx.now);
  }
  const hosted = body.mode === 'HOSTED';
  const token = randomBytes(12).toString('hex');
  const source = insertSource(
    store,
    ctx.merchant.id,
    SOURCE_KINDS[body.source_kind],
    {
      counterpartyId: counterparty.id,
      currency: body.currency,
      note: body.note,
      feeBearer: body.fee_bearer ?? 'PAYER',
      asPaymentLink: hosted,
      dueDate: body.due_date,
      status: 'ACTIVE',
      hostedToken: token,
      expiresAt: body.expires_at,
      successUrl: body.success_url,
      cancelUrl: body.cancel_url,
    },
    ctx.now,
  );
  for (const item of body.items) {
    const minor = toMinorUnits(item.amount, item.currency);
    if (!minor.ok) throw invalid('body', 'items', 'invalid amount');
    insertItem(
      store,
      source.id,
      { name: item.name, currency: item.currency, qty: item.qty ?? 1, amountMinor: minor.minor },
      ctx.now,
    );
  }
  return {
    url: hosted ? `${ctx.baseUrl}/hosted/checkout/${token}` : null,
    hosted_path_or_token: token,
    source_id: source.id,
    source_type: source.type,
    source_number: source.number,
    success_url: source.success_url,
    cancel_url: source.cancel_url,
    party_id: counterparty.party_id,
    counterparty_id: counterparty.id,
    expires_at: isoTimeOrNull(source.expires_at),
  };
}

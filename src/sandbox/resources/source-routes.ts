import { parse } from 'lossless-json';
import type { MerchantContext, MerchantHandler } from '../context';
import { parseBody, parseQuery, pathId } from '../context';
import { invalid, notFound } from '../http/errors';
import type { Route } from '../http/router';
import { FEE_BEARERS } from '../rules/enums';
import { type Currency, minorToColumn, toMinorUnits } from '../rules/money';
import {
  amount,
  amountIssue,
  bool,
  currency,
  dateTime,
  integer,
  integerId,
  type Issue,
  issue,
  type Loc,
  oneOf,
  optional,
  text,
} from '../rules/validation';
import { requireCounterparty } from './counterparties';

import {
  SourceKind,
  SourceRow,
  ItemRow,
  sourceItems,
  sourceTotal,
  presentSource,
  findSource,
  findSourceByNumber,
  reloadSource,
  requireAllowed,
  insertSource,
  insertItem,
  setSourceStatus,
  presentItem,
} from './sources';

function receiptOf(source: SourceRow, loc: Loc): unknown {
  requireAllowed(source, 'receipt', loc);
  return parse(source.receipt_json ?? 'null');
}

/** The twelve routes of `/v1/invoices` or `/v1/orders`. */
export function sourceRoutes(kind: SourceKind): Route<MerchantHandler>[] {
  const base = `/v1/${kind.plural}`;
  const idParam = `${kind.label}_id`;
  const numberParam = `${kind.label}_number`;
  const Kind = kind.label === 'invoice' ? 'Invoice' : 'Order';

  const byId = (ctx: MerchantContext): SourceRow => {
    const source = findSource(ctx.store, ctx.merchant.id, kind.type, pathId(ctx, idParam));
    if (!source) throw notFound(Kind);
    return source;
  };
  const byNumber = (ctx: MerchantContext): SourceRow => {
    const number = ctx.params[numberParam] ?? '';
    const source = findSourceByNumber(ctx.store, ctx.merchant.id, kind.type, number);
    if (!source) throw notFound(Kind);
    return source;
  };
  const itemOf = (ctx: MerchantContext, source: SourceRow): ItemRow => {
    const item = ctx.store.get<ItemRow>(
      'SELECT * FROM source_items WHERE id = ? AND source_id = ?',
      pathId(ctx, 'item_id'),
      source.id,
    );
    if (!item) throw notFound('Item');
    return item;
  };
  const show = (ctx: MerchantContext, source: SourceRow) =>
    presentSource(ctx.store, reloadSource(ctx.store, source));

  const itemCurrencyIssues = (
    source: SourceRow,
    value: { amount?: string; currency?: Currency },
    itemCurrency: Currency | undefined,
  ): Issue[] => {
    const issues: Issue[] = [];
    if (value.currency !== undefined && value.currency !== source.currency) {
      issues.push(
        issue(
          ['body', 'currency'],
          `item currency must be the ${kind.label} currency ${source.currency}`,
        ),
      );
    }
    const effective = value.currency ?? itemCurrency;
    if (value.amount !== undefined && effective !== undefined) {
      issues.push(...amountIssue(['body', 'amount'], value.amount, effective));
    }
    return issues;
  };

  return [
    {
      method: 'POST',
      path: `${base}/create`,
      handler: (ctx) => {
        const body = parseBody(ctx, {
          counterparty_id: integerId(),
          currency: currency(),
          note: optional(text({ minLength: 0, maxLength: 2000 })),
          fee_bearer: optional(oneOf(FEE_BEARERS)),
          as_payment_link: optional(bool()),
          due_date: optional(dateTime()),
        });
        requireCounterparty(ctx, body.counterparty_id);
        const source = insertSource(
          ctx.store,
          ctx.merchant.id,
          kind,
          {
            counterpartyId: body.counterparty_id,
            currency: body.currency,
            note: body.note,
            feeBearer: body.fee_bearer ?? 'PAYER',
            asPaymentLink: body.as_payment_link ?? false,
            dueDate: body.due_date,
            status: 'IDLE',
          },
          ctx.now,
        );
        return presentSource(ctx.store, source);
      },
    },
    {
      method: 'GET',
      path: `${base}/list`,
      handler: (ctx) => {
        const query = parseQuery(ctx, {
          currency: optional(currency()),
          status: optional(oneOf(['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'] as const)),
        });
        return ctx.store
          .all<SourceRow>(
            `SELECT * FROM sources WHERE merchant_id = ? AND type = ?
               AND (? IS NULL OR currency = ?) AND (? IS NULL OR status = ?) ORDER BY id`,
            ctx.merchant.id,
            kind.type,
            query.currency ?? null,
            query.currency ?? null,
            query.status ?? null,
            query.status ?? null,
          )
          .map((row) => presentSource(ctx.store, row));
      },
    },
    { method: 'GET', path: `${base}/retrieve/:${idParam}`, handler: (ctx) => show(ctx, byId(ctx)) },
    {
      method: 'GET',
      path: `${base}/retrieve/number/:${numberParam}`,
      handler: (ctx) => show(ctx, byNumber(ctx)),
    },
    {
      method: 'PUT',
      path: `${base}/update/:${idParam}`,
      handler: (ctx) => {
        const source = byId(ctx);
        const body = parseBody(ctx, {
          counterparty_id: optional(integerId()),
          currency: optional(currency()),
          note: optional(text({ minLength: 0, maxLength: 2000 })),
          fee_bearer: optional(oneOf(FEE_BEARERS)),
          as_payment_link: optional(bool()),
          due_date: optional(dateTime()),
        });
        requireAllowed(source, 'edit', ['path', idParam]);
        if (body.counterparty_id !== undefined) requireCounterparty(ctx, body.counterparty_id);
        if (
          body.currency !== undefined &&
          body.currency !== source.currency &&
          sourceItems(ctx.store, source.id).length > 0
        ) {
          throw invalid('body', 'currency', `a ${kind.label} with items keeps its currency`);
        }
        ctx.store.update('sources', source.id, {
          counterparty_id: body.counterparty_id ?? source.counterparty_id,
          currency: body.currency ?? source.currency,
          note: body.note ?? source.note,
          fee_bearer: body.fee_bearer ?? source.fee_bearer,
          as_payment_link:
            body.as_payment_link === undefined
              ? source.as_payment_link
              : body.as_payment_link
                ? 1
                : 0,
          due_date: body.due_date ?? source.due_date,
          updated_at: ctx.now,
        });
        return show(ctx, source);
      },
    },
    {
      method: 'POST',
      path: `${base}/:${idParam}/items/add`,
      handler: (ctx) => {
        const source = byId(ctx);
        const body = parseBody(
          ctx,
          { name: text(), currency: currency(), qty: integer({ min: 1 }), amount: amount() },
          (value) => itemCurrencyIssues(source, value, undefined),
        );
        requireAllowed(source, 'edit', ['path', idParam]);
        const minor = toMinorUnits(body.amount, body.currency);
        if (!minor.ok) throw invalid('body', 'amount', 'invalid amount');
        const id = insertItem(
          ctx.store,
          source.id,
          { name: body.name, currency: body.currency, qty: body.qty, amountMinor: minor.minor },
          ctx.now,
        );
        ctx.store.update('sources', source.id, { updated_at: ctx.now });
        return presentItem(
          kind,
          ctx.store.get<ItemRow>('SELECT * FROM source_items WHERE id = ?', id) as ItemRow,
        );
      },
    },
    {
      method: 'PUT',
      path: `${base}/:${idParam}/items/:item_id/update`,
      handler: (ctx) => {
        const source = byId(ctx);
        const item = itemOf(ctx, source);
        const body = parseBody(
          ctx,
          {
            name: optional(text()),
            currency: optional(currency()),
            qty: optional(integer({ min: 1 })),
            amount: optional(amount()),
          },
          (value) => itemCurrencyIssues(source, value, item.currency),
        );
        requireAllowed(source, 'edit', ['path', idParam]);
        const minor =
          body.amount === undefined ? undefined : toMinorUnits(body.amount, item.currency);
        if (minor && !minor.ok) throw invalid('body', 'amount', 'invalid amount');
        ctx.store.update('source_items', item.id, {
          name: body.name ?? item.name,
          qty: body.qty ?? item.qty,
          amount_minor: minor?.ok ? minorToColumn(minor.minor) : item.amount_minor,
          updated_at: ctx.now,
        });
        ctx.store.update('sources', source.id, { updated_at: ctx.now });
        return presentItem(kind, itemOf(ctx, source));
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:${idParam}/items/:item_id/remove`,
      handler: (ctx) => {
        const source = byId(ctx);
        const item = itemOf(ctx, source);
        requireAllowed(source, 'edit', ['path', idParam]);
        ctx.store.run('DELETE FROM source_items WHERE id = ?', item.id);
        ctx.store.update('sources', source.id, { updated_at: ctx.now });
        return { id: item.id, [`${kind.label}_id`]: source.id, deleted: true };
      },
    },
    {
      method: 'PUT',
      path: `${base}/publish/:${idParam}`,
      handler: (ctx) => {
        const source = byId(ctx);
        requireAllowed(source, 'publish', ['path', idParam]);
        if (sourceTotal(ctx.store, source) <= 0n) {
          throw invalid('body', 'items', `a ${kind.label} needs at least one item to be published`);
        }
        setSourceStatus(ctx.store, source.id, 'ACTIVE', ctx.now);
        return show(ctx, source);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/cancel/:${idParam}`,
      handler: (ctx) => {
        const source = byId(ctx);
        requireAllowed(source, 'cancel', ['path', idParam]);
        setSourceStatus(ctx.store, source.id, 'CANCELED', ctx.now);
        return show(ctx, source);
      },
    },
    {
      method: 'GET',
      path: `${base}/receipt/:${idParam}`,
      handler: (ctx) => receiptOf(byId(ctx), ['path', idParam]),
    },
    {
      method: 'GET',
      path: `${base}/receipt/number/:${numberParam}`,
      handler: (ctx) => receiptOf(byNumber(ctx), ['path', numberParam]),
    },
  ];
}

import type { MerchantContext } from '../context';
import { parseQuery } from '../context';
import { notFound } from '../http/errors';
import { SOURCE_TYPES } from '../rules/enums';
import { oneOf, text } from '../rules/validation';
import { findSourceByNumber, requireAllowed, type SourceRow } from './sources';

function sourceFor(ctx: MerchantContext): SourceRow {
  const query = parseQuery(ctx, { source_type: oneOf(SOURCE_TYPES), source_number: text() });
  const source = findSourceByNumber(
    ctx.store,
    ctx.merchant.id,
    query.source_type,
    query.source_number,
  );
  if (!source) throw notFound('Source');
  return source;
}

export function handlePayLink(ctx: MerchantContext): unknown {
  const source = sourceFor(ctx);
  requireAllowed(source, 'pay_link', ['query', 'source_number']);
  return { url: `${ctx.baseUrl}/hosted/pay/${encodeURIComponent(source.number)}` };
}

export function handleReceiptLink(ctx: MerchantContext): unknown {
  const source = sourceFor(ctx);
  requireAllowed(source, 'receipt', ['query', 'source_number']);
  return { url: `${ctx.baseUrl}/hosted/receipt/${encodeURIComponent(source.number)}` };
}

import { type CurrencyCode, MARKETS, type MarketCode } from '../../money/currency';
import { normaliseMobilePhone } from '../../money/phone';
import {
  cleanText,
  currencyInMarket,
  parseCountry,
  parseCurrency,
  parseEmail,
  parseTextField,
} from '../normalise/fields';
import { type RowOptions, RowReader } from './row-reader';

/** The payee's or payer's identity and market, shared by payables and receivables. */
export interface PartyFields {
  external_ref: string | null;
  full_name: string | null;
  phone: string | null;
  email: string | null;
  country_code: MarketCode | null;
}

export function readParty(
  row: RowReader,
  options: RowOptions,
  phoneRequired: boolean,
): PartyFields {
  const external_ref = row.take('external_ref', parseTextField(row.text('external_ref'), 64));
  const full_name = row.take('full_name', parseTextField(row.text('full_name'), 100));
  if (full_name === null && cleanText(row.text('full_name')) === null) {
    row.fail('full_name', 'is missing: every row needs the name of the person or company');
  }
  let country_code =
    row.take('country_code', parseCountry(row.text('country_code'))) ??
    options.country ??
    options.profile.defaults.country ??
    null;

  let phone: string | null = null;
  // Without a country, a local number is read in the one market of the row's currency.
  const hint = country_code ?? marketOfCurrency(row, options);
  const phoneText = row.phoneText();
  if (phoneText.trim() === '') {
    if (phoneRequired) row.fail('phone', "is missing: mobile money needs the payee's phone number");
  } else {
    const result = normaliseMobilePhone(phoneText, hint ?? undefined);
    if (result.ok) {
      phone = result.phone;
      country_code ??= result.market;
    } else {
      row.fail('phone', result.message);
    }
  }
  const email = row.take('email', parseEmail(row.text('email')));
  return { external_ref, full_name, phone, email, country_code };
}

function marketOfCurrency(row: RowReader, options: RowOptions): MarketCode | null {
  const own = parseCurrency(row.text('currency'));
  const currency =
    (own.ok ? own.value : null) ?? options.currency ?? options.profile.defaults.currency ?? null;
  if (currency === null) return null;
  const markets = (Object.keys(MARKETS) as MarketCode[]).filter((market) =>
    (MARKETS[market].currencies as readonly CurrencyCode[]).includes(currency),
  );
  return markets.length === 1 ? (markets[0] ?? null) : null;
}

/**
 * The row's currency: its own cell, else --currency, else the profile's default, else the one
 * the amount was written with ("US$ 50"), else the market's only currency (RWF in Rwanda).
 */
export function readCurrency(
  row: RowReader,
  options: RowOptions,
  market: MarketCode | null,
  amountHint: CurrencyCode | null,
): CurrencyCode | null {
  const own = row.take('currency', parseCurrency(row.text('currency')));
  if (own === null && row.text('currency').trim() !== '') return null;
  const marketCurrencies: readonly CurrencyCode[] =
    market === null ? [] : MARKETS[market].currencies;
  const currency =
    own ??
    options.currency ??
    options.profile.defaults.currency ??
    amountHint ??
    (marketCurrencies.length === 1 ? (marketCurrencies[0] ?? null) : null);
  if (currency === null) {
    row.fail(
      'currency',
      row.hasColumn('currency')
        ? 'is missing: give the currency (USD, LRD or RWF)'
        : 'is not given: add a Currency column or choose the currency for the whole file',
    );
    return null;
  }
  if (market !== null) {
    const problem = currencyInMarket(currency, market);
    if (problem !== null) {
      row.errors.push({
        column: row.header('currency'),
        value: row.text('currency').trim() || currency,
        message: problem.message,
      });
      return null;
    }
  }
  if (amountHint !== null && amountHint !== currency) {
    row.fail('amount', `is written in ${amountHint} but the row's currency is ${currency}`);
    return null;
  }
  return currency;
}

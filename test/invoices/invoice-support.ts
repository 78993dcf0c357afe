import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox';

/** [invoice no, customer id, name, phone, email, item, qty, unit price, currency] */
export type InvoiceLine = [string, string, string, string, string, string, string, string, string];

/** An invoices CSV (the `invoices` profile's columns) in `dir`. */
export function invoicesCsv(dir: string, name: string, lines: InvoiceLine[]): string {
  const path = join(dir, name);
  const rows = ['Invoice No,Customer ID,Customer Name,Phone,Email,Item,Qty,Unit Price,Currency'];
  for (const line of lines) rows.push(line.join(','));
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

export interface SandboxInvoice {
  id: number;
  invoice_number: string;
  status: string;
  note: string | null;
  total_amount: number;
  currency: string;
}

/** Every invoice the sandbox merchant has, read through the Dollr API. */
export async function dollrInvoices(sandbox: RunningSandbox): Promise<SandboxInvoice[]> {
  const token = (await (
    await fetch(`${sandbox.url}/v1/jwt/client/obtain/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret }),
    })
  ).json()) as { access_token: string };
  const response = await fetch(`${sandbox.url}/v1/invoices/list`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  return (await response.json()) as SandboxInvoice[];
}

/** Dollr invoices whose note names this ERP invoice number. */
export function invoicesFor(all: SandboxInvoice[], erpNumber: string): SandboxInvoice[] {
  return all.filter((i) => (i.note ?? '').includes(`ERP invoice ${erpNumber} [`));
}

/** The hosted page's result, as the customer paying through the payment link would give it. */
export async function settleSource(
  sandbox: RunningSandbox,
  sourceId: number,
  outcome: 'PAID' | 'FAILED' | 'PROCESSING' | 'ABANDONED',
  currency?: string,
): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/sources/${sourceId}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      outcome,
      payment_method: 'MTN_MOMO_LBR',
      ...(currency ? { currency } : {}),
    }),
  });
  if (response.status !== 200) throw new Error(`settle ${sourceId}: ${await response.text()}`);
}

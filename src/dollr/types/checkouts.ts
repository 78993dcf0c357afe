import type { DecimalString, DollrPhone, IsoTimestamp, OpenFields } from './common';
import type { CheckoutMode, DollrCurrency, RelationshipType, SourceType } from './enums';

export interface CheckoutItem {
  name: string;
  currency: DollrCurrency;
  amount: DecimalString;
}

/**
 * `POST /v1/checkouts/create` (§4.6). Uses `source_kind`, never `source_type`. `mode` is called
 * required on one page while the API-embedded flow omits it (§9.5), so it is optional here; hosted
 * checkout sends `HOSTED`.
 */
export interface CheckoutCreateRequest {
  mode?: CheckoutMode;
  source_kind: SourceType;
  party_phone: DollrPhone;
  currency: DollrCurrency;
  items: CheckoutItem[];
  party_name?: string;
  party_email?: string;
  party_relationship?: RelationshipType;
  counterparty_id?: number;
  reference_id?: string;
  note?: string;
  due_date?: IsoTimestamp;
  expires_at?: IsoTimestamp;
  success_url?: string;
  cancel_url?: string;
}

export interface CheckoutCreateResponse extends OpenFields {
  url?: string;
  hosted_path_or_token?: string;
  source_id: number;
  source_number?: string;
  success_url?: string;
  cancel_url?: string;
  party_id?: number;
  counterparty_id?: number;
  expires_at?: IsoTimestamp;
}

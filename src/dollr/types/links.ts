import type { OpenFields } from './common';
import type { SourceType } from './enums';

/** `GET /v1/links/pay` and `/v1/links/receipt` (§4.13): by document NUMBER, not id. */
export interface LinkQuery {
  source_type: SourceType;
  /** e.g. `INV-2025-0042`. */
  source_number: string;
}

export interface PayLink extends OpenFields {
  url: string;
}

/** The `{url}` shape is inferred for the receipt link. */
export interface ReceiptLink extends OpenFields {
  url?: string;
}

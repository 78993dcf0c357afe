import type { DollrPhone, IsoTimestamp, OpenFields } from './common';
import type { DollrCountryCode } from './enums';

/** `POST /v1/parties/create` (§4.2). */
export interface PartyCreateRequest {
  fullname: string;
  phone: DollrPhone;
  email?: string;
  country_code?: DollrCountryCode;
}

/** The create response echoes the input plus `id`, `created_at` and `updated_at`. */
export interface Party extends OpenFields {
  id: number;
  fullname?: string;
  phone?: DollrPhone;
  email?: string | null;
  country_code?: string | null;
  created_at?: IsoTimestamp;
  updated_at?: IsoTimestamp;
}

/** `GET /v1/parties/list`; whether `fullname` matches partially is not documented. */
export interface PartyListQuery {
  fullname?: string;
}

import type { OpenFields } from './common';
import type { SourceStatus, SourceType } from './enums';

/** `GET /v1/status/source` (§4.9). */
export interface SourceStatusQuery {
  source_type: SourceType;
  source_id: number;
}

/** Only `status` is documented. */
export interface SourceStatusResponse extends OpenFields {
  status: SourceStatus;
}

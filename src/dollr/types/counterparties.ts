import type { OpenFields } from './common';
import type { RelationshipType } from './enums';
import type { Party } from './parties';

/** `POST /v1/counterparties/create` (§4.3). Always send `party_id` in document-first flows. */
export interface CounterpartyCreateRequest {
  relationship_type: RelationshipType;
  party_id?: number;
}

/** Only `id` is documented, plus the embedded `party` on retrieve. */
export interface Counterparty extends OpenFields {
  id: number;
  party?: Party;
}

export interface CounterpartyListQuery {
  fullname?: string;
  relationship_type?: RelationshipType;
}

/** `PUT /v1/counterparties/update/{id}`: `relationship_type` is the only documented field. */
export interface CounterpartyUpdateRequest {
  relationship_type: RelationshipType;
}

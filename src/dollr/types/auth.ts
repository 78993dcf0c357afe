/** `POST /v1/jwt/client/obtain/token` (§4.1): a JSON body, not OAuth form encoding. */
export interface TokenRequest {
  client_id: string;
  client_secret: string;
}

export interface TokenResponse {
  access_token: string;
  /** Lifetime in MINUTES (e.g. 60), unlike the realtime key's `expires_in`, which is in seconds. */
  expires_in: number;
}

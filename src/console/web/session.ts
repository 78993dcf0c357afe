/** The signed-in key and who it is, kept for this browser tab only (sessionStorage). */
export interface Identity {
  readonly id: string | number;
  readonly name: string;
  readonly role: string;
}

const KEY = 'dollr-connector.key';
const IDENTITY = 'dollr-connector.identity';

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function identity(): Identity | null {
  const text = sessionStorage.getItem(IDENTITY);
  if (text === null || apiKey() === null) return null;
  try {
    return JSON.parse(text) as Identity;
  } catch {
    return null;
  }
}

export function signIn(key: string, who: Identity): void {
  sessionStorage.setItem(KEY, key);
  sessionStorage.setItem(IDENTITY, JSON.stringify(who));
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(IDENTITY);
}

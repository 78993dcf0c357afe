import { MASK, redactText } from '../common/redact';

/**
 * Returns a function that cleans any text the client is about to put in an error or a log line:
 * the shared redaction (bearer tokens, JWTs, globally registered secrets) plus this client's own
 * credentials. The client's secrets are masked here rather than registered globally because the
 * sandbox credentials (`sandbox`/`sandbox`) are ordinary words that would be masked in every log line.
 */
export function createSecretScrubber(
  secrets: readonly (string | undefined)[],
): (text: string) => string {
  const own = secrets
    .filter((secret): secret is string => secret !== undefined && secret.length >= 4)
    // Longest first, so a secret that contains another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = redactText(text);
    for (const secret of own) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  };
}

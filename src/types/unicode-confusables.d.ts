/** unicode-confusables ships its declarations under a name TypeScript does not look for. */
declare module 'unicode-confusables' {
  /** Each character of `input` replaced by its prototype in Unicode's confusables.txt. */
  export function rectifyConfusion(input: string): string;
}

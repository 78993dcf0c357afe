import { rectifyConfusion } from 'unicode-confusables';
import { AppError } from '../common/app-error';

/** Default-ignorable code points (zero-width characters, U+FEFF, …) and bidi controls. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/**
 * The identity a name stands for, the only way a name becomes one: Unicode NFKC (full-width
 * `ｋ` is `k`), default-ignorable and bidi-control code points removed (`r\u200boot` is `root`),
 * whitespace collapsed and trimmed, case folded. It is what `createdBy`, approvals, key names and
 * the audit log's actors store, and what maker-checker compares.
 */
export function identityOf(name: string): string {
  return name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
    .normalize('NFKC');
}

/** The identity of `name`, refused when nothing is left of it. */
export function requireIdentity(name: string, what = 'name'): string {
  const identity = identityOf(name);
  if (identity === '') {
    throw new AppError(
      'IDENTITY_EMPTY',
      `The ${what} is empty once spaces and invisible characters are removed: give a person's name.`,
      400,
    );
  }
  return identity;
}

/**
 * The confusable skeleton of a name (Unicode TR39: each character mapped to its prototype in
 * confusables.txt): two names with the same skeleton look alike, such as `k_admin` and
 * `k_adrnin`, so they are taken for one person.
 */
export function confusableSkeleton(name: string): string {
  return rectifyConfusion(identityOf(name).normalize('NFD')).normalize('NFD');
}

/** Whether two names are, or pass for, the same person. */
export function samePerson(a: string, b: string): boolean {
  return identityOf(a) === identityOf(b) || confusableSkeleton(a) === confusableSkeleton(b);
}

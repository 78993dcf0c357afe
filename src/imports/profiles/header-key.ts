/**
 * Header names compared the way people read them: "Emp. No", "EMP NO" and "emp_no" are one name,
 * and "Jérôme" matches "Jerome". A trailing bracketed part is optional ("Net Pay (USD)").
 */
export function headerKey(text: string): string {
  // Most cells are plain ASCII: skip the Unicode decomposition for them (it runs for many cells).
  if (!NON_ASCII.test(text)) return text.toLowerCase().replace(NOT_KEY, '');
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(NOT_KEY, '');
}

const NON_ASCII = /[\u0080-\uffff]/;
const NOT_KEY = /[^a-z0-9]/g;

/** The keys a header cell answers to: itself, and itself without bracketed parts. */
export function headerKeys(text: string): string[] {
  const full = headerKey(text);
  const bare = headerKey(text.replace(/\([^)]*\)|\[[^\]]*\]/g, ''));
  return bare !== '' && bare !== full ? [full, bare] : [full];
}

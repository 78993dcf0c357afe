import { XLSX_MAX_ENTRIES } from '../../import-limits';
import { readZipDirectory, readZipEntry, type ZipEntry } from '../zip-archive';
import { attribute, isTrue, localName, parseXml, XlsxFormatError } from './xml';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';
export type SheetKind = 'worksheet' | 'chartsheet' | 'other';

/** One tab of the workbook, as workbook.xml lists it. */
export interface WorkbookSheet {
  readonly name: string;
  readonly state: SheetState;
  readonly kind: SheetKind;
  /** Its part in the zip, found through the workbook's relationships (null when missing). */
  readonly part: ZipEntry | null;
  /** Its position among all tabs, hidden ones included (0-based; Excel's localSheetId). */
  readonly index: number;
  /** The workbook defines a filter range on it (the `_xlnm._FilterDatabase` name). */
  readonly hasFilter: boolean;
}

/** What a workbook is made of, read from its zip directory, relationships and workbook part. */
export interface WorkbookPackage {
  readonly path: string;
  readonly sheets: readonly WorkbookSheet[];
  /** Dates count days from 1904-01-01 rather than 1899-12-30 (old Mac Excel, some exports). */
  readonly date1904: boolean;
  readonly sharedStrings: ZipEntry | null;
  readonly styles: ZipEntry | null;
}

interface Relationship {
  readonly type: string;
  /** The part it points to, as a path inside the zip (no leading slash); null for an external one. */
  readonly target: string | null;
}

/** Part names are compared without case, the way Excel finds them. */
function keyOf(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** `target` as a path from the root of the zip: relative to `baseDir`, or absolute (`/xl/…`). */
export function resolveTarget(baseDir: string, target: string): string {
  const cleaned = target.replace(/\\/g, '/');
  const from = cleaned.startsWith('/') ? [] : baseDir.split('/').filter((s) => s !== '');
  for (const segment of cleaned.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') from.pop();
    else from.push(segment);
  }
  return from.join('/');
}

function directoryOf(partName: string): string {
  const slash = partName.lastIndexOf('/');
  return slash < 0 ? '' : partName.slice(0, slash);
}

/** The relationships part of `partName`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relsNameOf(partName: string): string {
  const dir = directoryOf(partName);
  const file = partName.slice(dir.length === 0 ? 0 : dir.length + 1);
  return `${dir === '' ? '' : `${dir}/`}_rels/${file}.rels`;
}

function endsWithType(type: string, ...names: string[]): boolean {
  return names.some((name) => type.endsWith(`/${name}`));
}

class PartFinder {
  private readonly byKey = new Map<string, ZipEntry>();

  constructor(
    readonly path: string,
    entries: readonly ZipEntry[],
  ) {
    for (const entry of entries) {
      const key = keyOf(entry.name);
      if (!this.byKey.has(key)) this.byKey.set(key, entry);
    }
  }

  find(name: string | null): ZipEntry | null {
    if (name === null) return null;
    const found = this.byKey.get(keyOf(name));
    if (found !== undefined) return found;
    // Targets may be written URL-encoded (a space as %20).
    try {
      return this.byKey.get(keyOf(decodeURIComponent(name))) ?? null;
    } catch {
      return null;
    }
  }

  async content(entry: ZipEntry): Promise<Buffer> {
    return readZipEntry(this.path, entry);
  }

  /** The relationships of a part, by id; none when it has no relationships part. */
  async relationships(partName: string): Promise<Map<string, Relationship>> {
    const rels = new Map<string, Relationship>();
    const entry = this.find(relsNameOf(partName));
    if (entry === null) return rels;
    const baseDir = directoryOf(partName);
    parseXml(entry.name, await this.content(entry), {
      opentag(tag) {
        if (localName(tag.name) !== 'Relationship') return;
        const id = attribute(tag.attributes, 'Id') ?? '';
        const target = attribute(tag.attributes, 'Target') ?? '';
        const external = (attribute(tag.attributes, 'TargetMode') ?? '') === 'External';
        rels.set(id, {
          type: attribute(tag.attributes, 'Type') ?? '',
          target: external || target === '' ? null : resolveTarget(baseDir, target),
        });
      },
      closetag() {},
      text() {},
    });
    return rels;
  }
}

/** Reads what the workbook is made of: its tabs in order, their parts, shared strings and styles. */
export async function openWorkbookPackage(path: string): Promise<WorkbookPackage> {
  const parts = new PartFinder(path, await readZipDirectory(path, XLSX_MAX_ENTRIES));

  // The workbook part is the package's officeDocument; Excel always names it xl/workbook.xml.
  const root = await parts.relationships('');
  let workbook: ZipEntry | null = null;
  for (const rel of root.values()) {
    if (endsWithType(rel.type, 'officeDocument')) workbook ??= parts.find(rel.target);
  }
  workbook ??= parts.find('xl/workbook.xml');
  if (workbook === null) {
    throw new XlsxFormatError('it has no workbook part (xl/workbook.xml)');
  }
  const workbookName = keyOf(workbook.name);
  const rels = await parts.relationships(workbookName);

  let sharedStrings: ZipEntry | null = null;
  let styles: ZipEntry | null = null;
  for (const rel of rels.values()) {
    if (endsWithType(rel.type, 'sharedStrings')) sharedStrings ??= parts.find(rel.target);
    else if (endsWithType(rel.type, 'styles')) styles ??= parts.find(rel.target);
  }
  // Relationships that omit them (seen in hand-made files): the usual names.
  const dir = directoryOf(workbookName);
  sharedStrings ??= parts.find(resolveTarget(dir, 'sharedStrings.xml'));
  styles ??= parts.find(resolveTarget(dir, 'styles.xml'));

  const listed: { name: string; state: SheetState; rid: string }[] = [];
  const filtered = new Set<number>();
  let date1904 = false;
  parseXml(workbook.name, await parts.content(workbook), {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'workbookPr') {
        date1904 = isTrue(attribute(tag.attributes, 'date1904'));
      } else if (name === 'sheet') {
        const state = attribute(tag.attributes, 'state') ?? 'visible';
        listed.push({
          name: attribute(tag.attributes, 'name') ?? '',
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          rid: attribute(tag.attributes, 'id', true) ?? '',
        });
      } else if (name === 'definedName') {
        const defined = attribute(tag.attributes, 'name') ?? '';
        const local = attribute(tag.attributes, 'localSheetId');
        if (defined.toLowerCase() === '_xlnm._filterdatabase' && local !== undefined) {
          filtered.add(Number(local));
        }
      }
    },
    closetag() {},
    text() {},
  });

  const sheets = listed.map((sheet, index): WorkbookSheet => {
    const rel = rels.get(sheet.rid);
    const kind: SheetKind =
      rel === undefined || endsWithType(rel.type, 'worksheet')
        ? 'worksheet'
        : endsWithType(rel.type, 'chartsheet')
          ? 'chartsheet'
          : 'other';
    return {
      name: sheet.name,
      state: sheet.state,
      kind,
      part: rel === undefined ? null : parts.find(rel.target),
      index,
      hasFilter: filtered.has(index),
    };
  });
  return { path, sheets, date1904, sharedStrings, styles };
}

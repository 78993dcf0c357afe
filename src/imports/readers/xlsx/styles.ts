import { isBuiltInDateFormat, isDateFormatCode } from './number-formats';
import { attribute, localName, parseXml } from './xml';

/**
 * For each cell style (`s` of a cell: an index into `cellXfs`), whether its number format shows a
 * date. Only `cellXfs` counts: `cellStyleXfs` are named styles cells do not point to directly.
 */
export function readDateStyles(partName: string, content: Buffer): boolean[] {
  const customDates = new Map<number, boolean>();
  const dateStyles: boolean[] = [];
  let inCellXfs = false;
  let xfDepth = 0;
  parseXml(partName, content, {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'numFmt') {
        const id = Number(attribute(tag.attributes, 'numFmtId'));
        const code = attribute(tag.attributes, 'formatCode') ?? '';
        if (Number.isInteger(id)) customDates.set(id, isDateFormatCode(code));
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs) {
        xfDepth += 1;
        if (xfDepth === 1) {
          const id = Number(attribute(tag.attributes, 'numFmtId') ?? '0');
          // A custom format (an id of its own in numFmts) replaces a built-in one of that id.
          dateStyles.push(customDates.get(id) ?? isBuiltInDateFormat(id));
        }
      }
    },
    closetag(tag) {
      const name = localName(tag.name);
      if (name === 'cellXfs') inCellXfs = false;
      else if (name === 'xf' && inCellXfs) xfDepth -= 1;
    },
    text() {},
  });
  return dateStyles;
}

import type { Readable } from 'node:stream';
import { decodeEscapes, localName, parseXmlInput } from './xml';

/**
 * The shared strings of a workbook, in order, as plain strings (a cell `t="s"` holds an index into
 * them). Rich text runs are joined; phonetic guides (`<rPh>`, the furigana over Japanese text) are
 * not part of the text.
 */
export async function readSharedStrings(partName: string, input: Readable): Promise<string[]> {
  const strings: string[] = [];
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let current = '';
  const handlers = {
    opentag(tag: { name: string }) {
      const name = localName(tag.name);
      if (name === 'si') {
        inItem = true;
        current = '';
      } else if (name === 'rPh') {
        phonetic += 1;
      } else if (name === 't' && inItem && phonetic === 0) {
        inText = true;
      }
    },
    closetag(tag: { name: string }) {
      const name = localName(tag.name);
      if (name === 't') {
        inText = false;
      } else if (name === 'rPh') {
        phonetic -= 1;
      } else if (name === 'si') {
        inItem = false;
        strings.push(decodeEscapes(current));
        current = '';
      }
    },
    text(text: string) {
      if (inText) current += text;
    },
  };
  await parseXmlInput(partName, input, handlers);
  return strings;
}

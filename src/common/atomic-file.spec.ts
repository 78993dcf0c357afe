import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file';

describe('writeFileAtomically', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'dollr-connector-atomic-'));

  it('writes the whole file under its name, leaving no temporary file', async () => {
    const folder = dir();
    const path = join(folder, 'report.csv');
    await writeFileAtomically(path, async (output) => {
      output.write('a,b\r\n');
      await new Promise((resolve) => setImmediate(resolve));
      output.end('1,2\r\n');
    });
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(readdirSync(folder)).toEqual(['report.csv']);
  });

  it('leaves nothing behind when writing fails half way', async () => {
    const folder = dir();
    const path = join(folder, 'report.csv');
    await expect(
      writeFileAtomically(path, async (output) => {
        output.write('a,b\r\n');
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('the database went away');
      }),
    ).rejects.toThrow('the database went away');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('keeps the previous file when a new one fails', async () => {
    const folder = dir();
    const path = join(folder, 'report.csv');
    await writeFileAtomically(path, (output) => Promise.resolve(void output.end('old')));
    await expect(writeFileAtomically(path, () => Promise.reject(new Error('no')))).rejects.toThrow(
      'no',
    );
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(folder)).toEqual(['report.csv']);
  });
});

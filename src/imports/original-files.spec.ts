import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { OriginalFileStore } from './original-files';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('OriginalFileStore', () => {
  const setup = (): { store: OriginalFileStore; dir: string; file: string; bytes: Buffer } => {
    const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-originals-'));
    const bytes = Buffer.from('Employee ID;Name\r\nE1;Jérôme\r\n', 'latin1');
    const file = join(dir, 'payroll; $(rm -rf).csv');
    writeFileSync(file, bytes);
    return { store: new OriginalFileStore({ dataDir: dir } as AppConfig), dir, file, bytes };
  };

  it('keeps the bytes under uploads/<sha256>, never under the file name', async () => {
    const { store, dir, file, bytes } = setup();
    const hash = sha256(bytes);
    await store.keep(file, hash);
    expect(readdirSync(join(dir, 'uploads'))).toEqual([hash]);
    expect(readFileSync(store.pathOf(hash))).toEqual(bytes);
    expect(await store.has(hash)).toBe(true);
  });

  it('reuses a file kept before (a rolled-back import leaves a harmless copy)', async () => {
    const { store, dir, file, bytes } = setup();
    const hash = sha256(bytes);
    await store.keep(file, hash);
    await store.keep(file, hash);
    expect(readdirSync(join(dir, 'uploads'))).toEqual([hash]);
  });

  it('refuses a file that changed since it was read, leaving nothing', async () => {
    const { store, dir, file, bytes } = setup();
    const hash = sha256(bytes);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('E2;Late\r\n')]));
    await expect(store.keep(file, hash)).rejects.toThrow(
      'the file changed while it was being imported',
    );
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
    expect(await store.has(hash)).toBe(false);
  });

  it.each(['../etc/passwd', 'payroll.csv', 'A'.repeat(64)])('refuses %j as a name', (name) => {
    const { store } = setup();
    expect(() => store.pathOf(name)).toThrow('is not a SHA-256 in hex');
  });
});

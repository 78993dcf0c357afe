import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../config/app-config';
import { temporaryPathFor } from '../common/atomic-file';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The files users imported, kept byte for byte so `export-source` can hand them back with their
 * statuses. Stored under DATA_DIR/uploads/<sha256>: named by content, never by the user's file
 * name, so a file kept for an import that was then rolled back is simply reused by the next
 * import of the same bytes.
 */
@Injectable()
export class OriginalFileStore {
  private readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = resolve(config.dataDir, 'uploads');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a SHA-256 in hex`);
    return join(this.dir, sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Copies `source` into the store as `sha256`: to a temporary name, checking the copy hashes to
   * `sha256` (the file must not have changed since it was read), then renamed into place.
   */
  async keep(source: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    await mkdir(this.dir, { recursive: true });
    const temporary = temporaryPathFor(target);
    const hash = createHash('sha256');
    try {
      await pipeline(
        createReadStream(source),
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(temporary, { flags: 'wx' }),
      );
      const copied = hash.digest('hex');
      if (copied !== sha256) {
        throw new Error(
          'the file changed while it was being imported; import it again once it is no longer being written',
        );
      }
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

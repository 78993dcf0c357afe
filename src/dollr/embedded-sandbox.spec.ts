import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedSandbox, rememberedSandboxPort } from './embedded-sandbox';

describe("the embedded sandbox's address", () => {
  let dataDir: string;
  const started: EmbeddedSandbox[] = [];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dollr-embedded-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.onApplicationShutdown()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<EmbeddedSandbox> {
    const sandbox = new EmbeddedSandbox({
      dataDir,
      dollr: { mode: 'sandbox' },
    } as unknown as AppConfig);
    started.push(sandbox);
    await sandbox.start();
    return sandbox;
  }

  it('stays the same for a data folder, so links made by one run open in the next', async () => {
    const first = await start();
    const port = rememberedSandboxPort(dataDir);
    expect(first.url).toBe(`http://127.0.0.1:${port}`);
    await first.onApplicationShutdown();

    const next = await start();

    expect(next.url).toBe(first.url);
    expect(next.publicUrl).toBeUndefined();
  });

  it('while another process of the folder holds it, listens elsewhere and names it in links', async () => {
    const service = await start();

    const command = await start();

    expect(command.url).not.toBe(service.url);
    expect(command.publicUrl).toBe(service.url);
    expect(rememberedSandboxPort(dataDir)).toBe(Number(new URL(service.url ?? '').port));
  });
});

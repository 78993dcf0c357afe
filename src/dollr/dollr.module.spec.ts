import { Test } from '@nestjs/testing';
import { AppConfigModule } from '../config/app-config.module';
import { loadConfig } from '../config/load-config';
import { DollrClient } from './dollr.client';
import { dollrClientOptions, DollrModule, sandboxConnection } from './dollr.module';
import { FakeDollrServer, ok } from './testing/fake-dollr-server';

const silent = { debug: () => undefined, warn: () => undefined };

describe('dollrClientOptions', () => {
  it('takes the connection, credentials and limits from the configuration', () => {
    const config = loadConfig({
      DOLLR_BASE_URL: 'https://api.example.test',
      DOLLR_CLIENT_ID: 'live-id',
      DOLLR_CLIENT_SECRET: 'live-secret',
      DOLLR_PAYOUT_PASSCODE: '918273',
      DOLLR_PAYOUT_PHONE: '231771234567',
      DOLLR_RATE_LIMIT_RPS: '5',
      DOLLR_MAX_CONCURRENCY: '3',
      DOLLR_TIMEOUT_MS: '12000',
    });
    expect(dollrClientOptions(config, {}, silent)).toEqual({
      baseUrl: 'https://api.example.test',
      clientId: 'live-id',
      clientSecret: 'live-secret',
      timeoutMs: 12000,
      rateLimitRps: 5,
      maxConcurrency: 3,
      payout: { passcode: '918273', phone: '231771234567' },
      logger: silent,
    });
  });

  it('lets a connection (the sandbox) override the configuration', () => {
    const config = loadConfig({});
    expect(
      dollrClientOptions(config, sandboxConnection('http://127.0.0.1:4010'), silent),
    ).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010',
      clientId: 'sandbox',
      clientSecret: 'sandbox',
      payout: { passcode: '123456', phone: undefined },
    });
  });

  it('refuses to build a client without credentials, saying what to set', () => {
    expect(() => dollrClientOptions(loadConfig({}), {}, silent)).toThrow(
      /DOLLR_CLIENT_ID and DOLLR_CLIENT_SECRET/,
    );
  });
});

describe('DollrModule', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
    server.on('GET', '/v1/fees/tiers', ok([{ name: 'default', is_default: true }]));
  });

  afterEach(() => server.close());

  it('provides one DollrClient built from AppConfig', async () => {
    const config = loadConfig({
      DOLLR_BASE_URL: server.baseUrl,
      DOLLR_CLIENT_ID: 'live-id',
      DOLLR_CLIENT_SECRET: 'live-secret',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), DollrModule.forRoot()],
    }).compile();

    const client = moduleRef.get(DollrClient);
    expect(client).toBe(moduleRef.get(DollrClient));
    await expect(client.feeTiers()).resolves.toEqual([{ name: 'default', is_default: true }]);
    expect(JSON.parse(server.tokenRequests[0].body)).toEqual({
      client_id: 'live-id',
      client_secret: 'live-secret',
    });
  });

  it('connects to a sandbox known only at run time with forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(loadConfig({})),
        DollrModule.forRootAsync({
          useFactory: () => Promise.resolve(sandboxConnection(server.baseUrl)),
        }),
      ],
    }).compile();

    await moduleRef.get(DollrClient).feeTiers();
    expect(JSON.parse(server.tokenRequests[0].body)).toEqual({
      client_id: 'sandbox',
      client_secret: 'sandbox',
    });
  });
});

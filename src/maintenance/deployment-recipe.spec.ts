import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_ROUTES } from '../../test/auth/routes';
import { ENVIRONMENT } from '../config/environment';

/**
 * No container runtime runs here, so the deployment recipe (Dockerfile, compose.yaml, the
 * systemd unit) is checked for what it names: the connector's own settings, the command that
 * starts it, the files it needs at run time, and the readiness check.
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const SETTINGS = new Set(ENVIRONMENT.map((variable) => variable.name));
/** Variables of the tools around the connector, not of the connector. */
const OTHERS = new Set(['NODE_ENV', 'DB_PASSWORD']);

function namedSettings(text: string): string[] {
  const names = new Set<string>();
  for (const [, name] of text.matchAll(/^\s*([A-Z][A-Z0-9_]+)\s*[:=]/gm)) names.add(name ?? '');
  for (const [, name] of text.matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)) names.add(name ?? '');
  for (const [, name] of text.matchAll(/ENV\s+([A-Z][A-Z0-9_]+)=/g)) names.add(name ?? '');
  for (const [, name] of text.matchAll(/^\s+([A-Z][A-Z0-9_]+)=/gm)) names.add(name ?? '');
  for (const [, name] of text.matchAll(/^Environment=([A-Z][A-Z0-9_]+)=/gm)) names.add(name ?? '');
  return [...names].filter((name) => !name.startsWith('MARIADB_') && !OTHERS.has(name)).sort();
}

describe('the deployment recipe', () => {
  it.each(['Dockerfile', 'compose.yaml', 'deploy/dollr-connector.service'])(
    '%s sets only settings the connector reads',
    (file) => {
      const named = namedSettings(read(file));
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((name) => !SETTINGS.has(name))).toEqual([]);
    },
  );

  it('starts the built service, which the build makes', () => {
    expect(read('Dockerfile')).toContain('CMD ["node", "dist/src/main.js"]');
    expect(read('deploy/dollr-connector.service')).toContain(
      'ExecStart=/usr/bin/node dist/src/main.js',
    );
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe('node dist/src/main.js');
    expect(pkg.scripts['prepare']).toBe('npm run build');
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
  });

  it('installs from the lockfile, runs as a non-root user, and keeps what runs', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/^USER node$/m);
    // The built-in import profiles are read from samples/profiles at run time.
    expect(dockerfile).toContain('COPY --from=build /app/samples/profiles ./samples/profiles');
    expect(existsSync(join(ROOT, 'samples', 'profiles'))).toBe(true);
  });

  it('uses a Node version the package supports', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    const minimum = Number(/(\d+)/.exec(pkg.engines.node)?.[1]);
    const images = [...read('Dockerfile').matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(images.length).toBe(2);
    for (const major of images) expect(major).toBeGreaterThanOrEqual(minimum);
  });

  it('checks health on the readiness route, which needs no key', () => {
    expect(read('Dockerfile')).toContain('/health/ready');
    expect(PUBLIC_ROUTES.map((route) => route.path)).toContain('/health/ready');
  });

  it('gives payments in flight longer than the shutdown grace to finish', () => {
    const grace = Number(ENVIRONMENT.find((v) => v.name === 'SHUTDOWN_GRACE_SECONDS')?.default);
    expect(Number(/stop_grace_period: (\d+)s/.exec(read('compose.yaml'))?.[1])).toBeGreaterThan(
      grace,
    );
    expect(
      Number(/TimeoutStopSec=(\d+)/.exec(read('deploy/dollr-connector.service'))?.[1]),
    ).toBeGreaterThan(grace);
  });
});

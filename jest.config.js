/** Unit specs sit beside the code; end-to-end specs live in test/. Both run with TZ=UTC. */
process.env.TZ = 'UTC';

const { availableParallelism } = require('node:os');

/**
 * NestJS 12 ships as ES modules. Node 20.19+ loads them from our CommonJS build natively
 * (require(esm)), but Jest's module runtime cannot, so Jest compiles those packages to CommonJS.
 */
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
];

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  '^.+\\.m?js$': [
    'babel-jest',
    {
      babelrc: false,
      configFile: false,
      plugins: [
        require.resolve('./test/jest/esm-to-commonjs-extras.js'),
        '@babel/plugin-transform-modules-commonjs',
      ],
    },
  ],
};

const common = {
  testEnvironment: 'node',
  rootDir: '.',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
};

const onMysql = /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '');

const projects = [
  {
    ...common,
    displayName: 'unit',
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
  },
  {
    ...common,
    displayName: 'e2e',
    testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    // `*.mysql.e2e-spec.ts`: about a MySQL/MariaDB deployment (several replicas), run in that pass.
    testPathIgnorePatterns: onMysql ? [] : ['\\.mysql\\.e2e-spec\\.ts$'],
  },
];

/**
 * On MySQL/MariaDB (TEST_DATABASE_URL), only the specs that use the database under test run: the
 * others were run by the SQLite pass and would only repeat it.
 */
function databaseProjects() {
  const { readdirSync } = require('node:fs');
  const { join } = require('node:path');
  const { usesTestDatabase } = require('./test/jest/database-specs');
  const specs = (folder, suffix) =>
    readdirSync(join(__dirname, folder), { recursive: true })
      .filter((file) => file.endsWith(suffix))
      .map((file) => join(__dirname, folder, file));
  const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return projects
    .map((project) => {
      const all =
        project.displayName === 'unit' ? specs('src', '.spec.ts') : specs('test', '.e2e-spec.ts');
      const skipped = all.filter((file) => !usesTestDatabase(file));
      if (skipped.length === all.length) return undefined;
      return { ...project, testPathIgnorePatterns: skipped.map((file) => `^${escape(file)}$`) };
    })
    .filter((project) => project !== undefined);
}

module.exports = {
  // End-to-end specs start processes and databases; a busy CI machine needs the headroom.
  testTimeout: 120_000,
  // A handle leaked by a failing spec (a child process, a socket) must not keep CI waiting for
  // ever after the results are in. Leaks are hunted with `npx jest --detectOpenHandles`.
  forceExit: true,
  // Each spec file has its own databases, sandboxes and scratch folders, so files run side by
  // side; end-to-end specs spend most of their time waiting on child processes and the network.
  maxWorkers: Math.max(2, availableParallelism()),
  reporters: ['default', '<rootDir>/test/jest/timing-reporter.js'],
  projects: onMysql ? databaseProjects() : projects,
};

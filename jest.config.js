/** Unit specs sit beside the code; end-to-end specs live in test/. Both run with TZ=UTC. */
process.env.TZ = 'UTC';

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

module.exports = {
  // End-to-end specs start processes and databases; a busy CI machine needs the headroom.
  testTimeout: 120_000,
  // A handle leaked by a failing spec (a child process, a socket) must not keep CI waiting for
  // ever after the results are in. Leaks are hunted with `npx jest --detectOpenHandles`.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};

// Test tiers: domain and services run in node against the local runtime (SQLite in memory);
// weapp renders the built mini program with miniprogram-simulate; browser drives the H5 build.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2020', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^wx-server-sdk$': '<rootDir>/local/runtime/sdk.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-h5/'],
  // The weapp test loads the minified build from dist/: no need to transform it again.
  transformIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'domain', testEnvironment: 'node', testMatch: ['<rootDir>/test/domain/**/*.test.ts'] },
    { ...common, displayName: 'services', testEnvironment: 'node', testMatch: ['<rootDir>/test/services/**/*.test.ts', '<rootDir>/test/runtime/**/*.test.ts'] },
    { ...common, displayName: 'weapp', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    { ...common, displayName: 'browser', testEnvironment: 'node', testMatch: ['<rootDir>/test/browser/**/*.test.ts'], slowTestThreshold: 60 },
  ],
};

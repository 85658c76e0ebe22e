/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  // A guard against hangs, not a speed check: on a busy 2-core machine starting Pulumi's host or terraform takes
  // minutes at worst, so a test or hook is given five (suites that run terraform set ten themselves).
  testTimeout: 300000,
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  setupFilesAfterEnv: ["<rootDir>/test/support/message-equality.ts"],
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // Suites that start terraform or the Pulumi host are slow; run two workers on the 2-core CI machine.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};

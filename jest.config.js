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
  // Not a leak: after a full run, a worker that ran some seventy suites took longer than jest's default 500 ms to
  // exit on a busy 2-core machine, and jest then killed it with "A worker process has failed to exit gracefully".
  // No suite leaves a handle open (checked after each suite's teardown), and with this grace the warning is gone.
  // A real leak still shows it, five seconds later.
  workerGracefulExitTimeout: 5000,
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};

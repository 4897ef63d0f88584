/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  roots: ["<rootDir>/src", "<rootDir>/rules", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  moduleNameMapper: {
    "^(\\.{1,2}/.*)\\.js$": "$1",
    "^tree-sitter$": "<rootDir>/test/helpers/tree-sitter-once.cjs",
  },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/helpers/jest-setup.ts"],
  testTimeout: 30000,
};

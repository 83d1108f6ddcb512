import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30000,
    hookTimeout: 120000,
    // browser tests start Chromium: keep the two cores for what runs
    maxWorkers: 2,
  },
})

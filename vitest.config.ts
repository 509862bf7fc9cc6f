import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources through the "@ssl4rl/source"
// export condition, so tests need no build step.
export default defineConfig({
  resolve: { conditions: ["@ssl4rl/source"] },
  ssr: { resolve: { conditions: ["@ssl4rl/source"], externalConditions: ["@ssl4rl/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});

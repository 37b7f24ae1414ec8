import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// more specific keys first: "@redsite/adapters-http" would also match "@redsite/adapters-http/client"
const alias = {
  "@redsite/adapters-http/client": fileURLToPath(new URL("./packages/adapters-http/src/client.ts", import.meta.url)),
  "@redsite/client": fileURLToPath(new URL("./packages/client/src/index.ts", import.meta.url)),
  "@redsite/core": fileURLToPath(new URL("./packages/core/src/index.ts", import.meta.url)),
  "@redsite/adapters-sqlite": fileURLToPath(new URL("./packages/adapters-sqlite/src/index.ts", import.meta.url)),
  "@redsite/adapters-postgres": fileURLToPath(new URL("./packages/adapters-postgres/src/index.ts", import.meta.url)),
  "@redsite/adapters-http": fileURLToPath(new URL("./packages/adapters-http/src/index.ts", import.meta.url))
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/**/*.test.ts", "scripts/**/*.test.ts", "testing/**/*.test.ts"],
    testTimeout: 60_000
  }
})

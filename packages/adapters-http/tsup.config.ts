import { defineConfig } from "tsup"

export default defineConfig({
  // cli.ts is the `redsite-server` bin's program (bin/redsite-server.js imports dist/cli.js); computeWorker.ts
  // the program of the simulation workers (compute.ts starts dist/computeWorker.js next to itself)
  entry: ["src/index.ts", "src/client.ts", "src/cli.ts", "src/computeWorker.ts"],
  // import.meta.url in the CommonJS build too (compute.ts finds the worker's file by it)
  shims: true,
  format: ["esm", "cjs"],
  dts: { compilerOptions: { paths: {} } },
  tsconfig: "tsconfig.json",
  sourcemap: true,
  clean: true,
  target: "node20"
})

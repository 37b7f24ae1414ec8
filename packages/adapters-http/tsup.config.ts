import { defineConfig } from "tsup"

export default defineConfig({
  // cli.ts is the `redsite-server` bin's program (bin/redsite-server.js imports dist/cli.js)
  entry: ["src/index.ts", "src/client.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { paths: {} } },
  tsconfig: "tsconfig.json",
  sourcemap: true,
  clean: true,
  target: "node20"
})

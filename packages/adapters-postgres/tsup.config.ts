import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { paths: {} } },
  tsconfig: "tsconfig.json",
  sourcemap: true,
  clean: true,
  target: "node20"
})

import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { paths: {} } },
  tsconfig: "tsconfig.json",
  sourcemap: true,
  clean: true,
  // browsers and Node 20+ alike: nothing here needs a newer syntax
  target: "es2022"
})

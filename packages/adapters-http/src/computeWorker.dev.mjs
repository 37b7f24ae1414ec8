// Development entry of a compute worker (running from the TypeScript sources under tsx or vitest): loads
// computeWorker.ts through tsx. The built package starts dist/computeWorker.js directly.
import { tsImport } from "tsx/esm/api"

await tsImport("./computeWorker.ts", import.meta.url)

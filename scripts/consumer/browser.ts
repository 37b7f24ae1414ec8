/**
 * What a web page bundles to talk to a redsite server: the typed client of `@redsite/adapters-http/client`,
 * its calls run as Promises. `run.ts` bundles this for the browser with esbuild (minified, no Node
 * built-ins allowed) and fails when the gzipped bundle is above the budget in README.md.
 */
import { makeClient } from "@redsite/adapters-http/client"
import { Effect } from "effect"

/** The policies a server offers, for a page's policy picker. */
export const listPolicies = (baseUrl: string, token: string): Promise<ReadonlyArray<{ readonly id: string }>> =>
  Effect.runPromise(Effect.flatMap(makeClient(baseUrl, token), (client) => client.policies.list()))

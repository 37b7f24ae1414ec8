/**
 * What a web page bundles to talk to a redsite server: the Promise client of `@redsite/client`, with plain
 * JSON. `run.ts` installs `@redsite/client` alone (with the core and the peers: no native module) and bundles
 * this for the browser with esbuild (minified, no Node built-ins allowed), failing when the gzipped bundle is
 * above the budget in README.md.
 */
import { makePromiseClient } from "@redsite/client"

/** The policies a server offers, for a page's policy picker. */
export const listPolicies = async (baseUrl: string, token: string): Promise<ReadonlyArray<{ readonly id: string }>> =>
  makePromiseClient(baseUrl, token).policies.list()

/** The coverage report of the stored portfolio at a date given as an ISO string. */
export const report = (baseUrl: string, token: string, policyId: string, date: string) =>
  makePromiseClient(baseUrl, token).coverage.report({ policyId, date })

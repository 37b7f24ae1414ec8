#!/usr/bin/env node
// The `redsite-server` command (`npx @redsite/adapters-http`): the same server and flags as `pnpm start`
// (see src/cli.ts): --db <file> | --memory, --port, --host, --cors; stops gracefully on SIGINT/SIGTERM and
// when its launcher goes away.
import "../dist/cli.js"

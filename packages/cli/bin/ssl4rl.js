#!/usr/bin/env node
// Published entry: runs the compiled CLI. Inside the workspace, `pnpm ssl4rl` runs the sources.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv);

#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step), so `npx khidmat` works right after `npm install`.
require('tsx/cjs');
require('../src/cli.ts');

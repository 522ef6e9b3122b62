#!/usr/bin/env node
// `npx marsad` looks in node_modules/.bin, where npm links the bins of dependencies but not the
// project's own. After each install we link ours there, so `npx marsad …` works from the repo root.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('node_modules/.bin', { recursive: true });
for (const [name, target] of Object.entries(pkg.bin ?? {})) {
  const link = `node_modules/.bin/${name}`;
  rmSync(link, { force: true });
  symlinkSync(`../../${target}`, link);
  chmodSync(target, 0o755);
}

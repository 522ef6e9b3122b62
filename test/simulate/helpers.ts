import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type SimOptions } from '../../src/simulate/index.js';
import type { Truth } from '../../src/simulate/truth.js';
import { tempDir } from '../helpers/paths.js';

export interface World {
  dir: string;
  truth: Truth;
  cleanup: () => void;
}

/** Simulates a world into a fresh temporary folder. */
export async function makeWorld(options: Partial<SimOptions>): Promise<World> {
  const { dir, cleanup } = tempDir('marsad-sim-');
  const truth = await simulate(dir, options);
  return { dir, truth, cleanup };
}

export const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');

export interface PostRow {
  post: string;
  label: string;
  campaign: string;
  role: string;
  author: string;
}

export function postRows(dir: string): PostRow[] {
  return lines(join(dir, 'truth-posts.tsv'))
    .slice(1)
    .map((l) => {
      const [post, label, campaign, role, author] = l.split('\t') as [string, string, string, string, string];
      return { post, label, campaign, role, author };
    });
}

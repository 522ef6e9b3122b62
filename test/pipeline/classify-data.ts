/**
 * Synthetic labelled texts for the classifier-in-the-pipeline tests: the invented "Zorvan Front"'s
 * recruitment vocabulary against everyday chatter (no real organisation, no real propaganda). Seeded.
 * `HARD` posts are ones a model trained on `baseExamples` gets wrong: coded recruitment in a word the
 * base data never saw ("quillon"), and news *about* the Front that reuses its words.
 */
import type { Example } from '../../src/detectors/classify/dataset.js';
import { rng } from '../../src/detectors/classify/random.js';

const WORDS: Record<string, string[]> = {
  propaganda: ['zorvani', 'caravan', 'banner', 'glory', 'pledge', 'brothers', 'vanguard', 'oath'],
  benign: ['market', 'weather', 'football', 'recipe', 'garden', 'concert', 'bakery', 'holiday'],
};
const COMMON = ['the', 'today', 'we', 'all', 'city', 'again', 'this', 'our', 'with', 'now'];

export function baseExamples(n: number, seed = 3): Example[] {
  const random = rng(seed);
  const pick = (xs: string[]): string => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const label = i % 3 === 0 ? 'propaganda' : 'benign';
    const words = [pick(WORDS[label]!), pick(WORDS[label]!), pick(WORDS[label]!), pick(COMMON), pick(COMMON), pick(COMMON)];
    return { text: words.join(' '), label, group: `u${i % 40}` };
  });
}

/** Posts the base model gets wrong, with the label a reviewer gives them. */
export const HARD: { text: string; label: string }[] = [
  { text: 'quillon market weather today', label: 'propaganda' },
  { text: 'quillon garden concert tonight', label: 'propaganda' },
  { text: 'the quillon bakery holiday', label: 'propaganda' },
  { text: 'court report on zorvani banner trial', label: 'benign' },
  { text: 'court report on caravan glory trial', label: 'benign' },
];

/** Ordinary posts the base model gets right. */
export const EASY: { text: string; label: string }[] = [
  { text: 'pledge the oath brothers of the vanguard', label: 'propaganda' },
  { text: 'zorvani caravan glory banner now', label: 'propaganda' },
  { text: 'football and a recipe for the holiday', label: 'benign' },
  { text: 'weather at the market with our garden', label: 'benign' },
  { text: 'concert at the bakery again', label: 'benign' },
];

export const toTsv = (examples: readonly Example[]): string =>
  `text\tlabel\taccount\n${examples.map((e) => `${e.text}\t${e.label}\t${e.group ?? ''}`).join('\n')}\n`;

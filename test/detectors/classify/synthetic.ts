/**
 * A small synthetic labelled set in English and French with three classes, one of them the invented
 * "Zorvan Front"'s recruitment vocabulary (no real organisation, no real propaganda). Seeded, so every
 * run sees the same texts.
 */
import type { Example } from '../../../src/detectors/classify/dataset.js';
import { rng } from '../../../src/detectors/classify/random.js';

const COMMON = ['the', 'a', 'today', 'we', 'les', 'des', 'et', 'is', 'pour', 'avec', 'people', 'city', 'nous', 'this', 'ce', 'soir', 'again', 'encore', 'tout', 'all'];

export const CLASS_WORDS: Record<string, string[]> = {
  recruit: ['zorvani', 'banner', 'join', 'brothers', 'caravan', 'glory', 'rejoignez', 'frères', 'bannière', 'caravane', 'gloire', 'pledge'],
  news: ['report', 'minister', 'council', 'election', 'budget', 'rapport', 'ministre', 'conseil', 'élection', 'press', 'vote', 'parliament'],
  sport: ['match', 'goal', 'team', 'league', 'coach', 'équipe', 'ligue', 'entraîneur', 'stade', 'score', 'derby', 'penalty'],
};

export const LABELS = Object.keys(CLASS_WORDS).sort();

/** `n` examples; `authors` groups, each writing in one class with a signature word of its own. */
export function synthetic(n: number, seed = 7, authors = 30): Example[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const author = Math.floor(random() * authors);
    const label = LABELS[author % LABELS.length]!;
    const words = [`sig${author}`];
    for (let w = 0; w < 3; w++) words.push(pick(CLASS_WORDS[label]!));
    for (let w = 0; w < 5; w++) words.push(pick(COMMON));
    // Noise: a word of another class now and then.
    if (random() < 0.3) words.push(pick(CLASS_WORDS[pick(LABELS.filter((l) => l !== label))]!));
    for (let w = words.length - 1; w > 0; w--) {
      const j = Math.floor(random() * (w + 1));
      [words[w], words[j]] = [words[j]!, words[w]!];
    }
    out.push({ text: words.join(' '), label, group: `u${author}` });
  }
  return out;
}

/**
 * Behaviour against look-alikes. Members of one network share a language, its slogans and hashtags,
 * the same hubs, similar hours and rates: a new member's writing resembles every removed member's
 * about as much. Scored alone, the most active look-alike collects all of that shared likeness while
 * a true predecessor whose few posts left little to compare gets 0 for it, and loses — the commonest
 * error on crowded worlds.
 *
 * The shared likeness says "a returning member", not "which member": it belongs to every candidate
 * alike. So when a new account has several candidates and one of them has too little activity to
 * compare a behavioural feature (value 0), it gets the value typical of the others (their mean, shrunk
 * towards 0 while they are few) instead of 0; only a candidate more alike than the crowd gains on it.
 * Candidates with the feature keep their own value; the detail says what was filled in.
 */
import { combine, WEIGHTS, type Feature, type LinkScore } from './score.js';

export const BEHAVIOUR: readonly Feature[] = ['style', 'hashtags', 'domains', 'neighbours', 'hours', 'rate'];
/** Candidates with the feature needed before a typical value is filled in for the others. */
export const MIN_LOOKALIKES = 3;
/** Shrinkage: with n candidates having the feature, the typical value is their mean × n / (n + SHRINK). */
const SHRINK = 2;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The same scores, a behavioural feature missing on a candidate filled with the look-alikes' typical value. */
export function fillFromLookalikes(scores: readonly LinkScore[]): LinkScore[] {
  const out = scores.map((s) => ({ ...s, features: { ...s.features } }));
  for (const f of BEHAVIOUR) {
    const present = scores.map((s) => s.features[f].value).filter((v) => v > 0);
    if (present.length < MIN_LOOKALIKES || present.length === scores.length) continue;
    const typical = round((present.reduce((a, b) => a + b, 0) / present.length) * (present.length / (present.length + SHRINK)));
    for (const s of out) {
      if (s.features[f].value > 0) continue;
      s.features[f] = { value: 0, contribution: round(WEIGHTS[f] * typical), detail: `too little to compare: look-alikes' typical ${typical}` };
    }
  }
  return out.map((s) => ({ ...s, ...combine(s.features) }));
}

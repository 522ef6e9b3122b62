import type { Command } from 'commander';
import { DEFAULT_REENTRY_OPTIONS, type CandidateLink, type ReentryLink } from '../../detectors/reentry/index.js';
import type { AutomationScore } from '../../detectors/amplification/index.js';
import { analyzeAccounts, scoreAccount, writeAccountsOutput } from '../../pipeline/accounts.js';
import { hashAvatars } from '../../pipeline/avatars.js';
import { DEFAULT_DB } from '../../store/db.js';
import { UserError } from '../exit.js';
import { printJson } from '../options.js';
import { withStore } from './store-option.js';

const score01 = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UserError(`${name} must be a number from 0 to 1, got "${v}"`);
  return n;
};

const iso = (t: number | undefined) => (t === undefined ? '—' : new Date(t).toISOString().replace('.000Z', 'Z'));
const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

function candidateJson(c: CandidateLink) {
  return {
    old: c.old.id, score: c.score.score, routes: c.routes, patterns: c.score.patterns, features: c.score.features,
    takenBy: c.takenBy ?? null,
    oldProfile: { handle: c.old.handle, name: c.old.name, bio: c.old.bio, avatarUrl: c.old.avatarUrl ?? null, status: c.old.status, removedAt: c.old.removedAt },
  };
}

function linkJson(l: ReentryLink) {
  const p = l.newPrint;
  return {
    new: l.newAccount,
    newProfile: { handle: p.handle, name: p.name, bio: p.bio, avatarUrl: p.avatarUrl ?? null, createdAt: p.createdAt ?? null, posts: p.posts },
    firstSeenAt: l.firstSeenAt, firstPostAt: l.firstPostAt ?? null, signalAt: l.signalAt ?? null,
    shoutouts: l.shoutouts.map((s) => ({ post: s.post, author: s.author, at: s.at, phrase: s.phrase })),
    candidates: l.candidates.map(candidateJson),
  };
}

/** One link, old and new side by side, then the evidence per feature. */
function formatLink(l: ReentryLink, rank: number): string {
  const best = l.candidates[0]!;
  const o = best.old;
  const n = l.newPrint;
  const row = (label: string, a: string, b: string, note = '') => `  ${label.padEnd(10)}${cut(a || '—', 38).padEnd(40)}${cut(b || '—', 38).padEnd(40)}${note}`;
  const f = best.score.features;
  const lines = [
    `#${rank}  score ${best.score.score.toFixed(3)}  ${l.newAccount}  ←  ${o.id}${l.signalAt !== undefined ? `  (signal at ${iso(l.signalAt)})` : ''}`,
    row('', 'OLD (removed)', 'NEW'),
    row('handle', o.handle, n.handle, f.handle.detail ?? ''),
    row('name', o.name, n.name, f.name.detail ?? ''),
    row('bio', o.bio, n.bio, `bio ${f.bio.value}`),
    row('avatar', o.avatarPdq ?? o.avatarUrl ?? '', n.avatarPdq ?? n.avatarUrl ?? '', f.avatar.detail ?? ''),
    row('time', `${o.status} ${iso(o.removedAt)}`, `created ${iso(n.createdAt)}`, f.recency.detail ?? ''),
    row('posts', String(o.posts), String(n.posts), `style ${f.style.value}, hours ${f.hours.value}`),
    `  evidence  ${Object.entries(f).filter(([, x]) => x.contribution !== 0).map(([k, x]) => `${k} ${x.contribution > 0 ? '+' : ''}${x.contribution}`).join(', ')}`,
  ];
  const shared = [f.hashtags.detail, f.domains.detail, f.neighbours.detail ? `neighbours: ${f.neighbours.detail}` : undefined].filter(Boolean);
  if (shared.length > 0) lines.push(`  shared    ${shared.join('; ')}`);
  if (l.shoutouts.length > 0) lines.push(`  shoutouts ${l.shoutouts.length}: ${l.shoutouts.slice(0, 3).map((s) => `${s.post} "${s.phrase}"`).join(', ')}`);
  const also = (c: CandidateLink) => `${c.old.handle || c.old.id} ${c.score.score.toFixed(3)}${c.takenBy ? ` (returned as ${c.takenBy.newAccount})` : ''}`;
  if (l.candidates.length > 1) lines.push(`  also      ${l.candidates.slice(1).map(also).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function formatScore(id: string, s: AutomationScore, posts: number): string {
  const lines = [`${id}  automation score ${s.score.toFixed(3)}  (log-odds ${s.logit}, from ${posts} posts in the store)`, '  feature         value  weight  contribution  measured'];
  for (const [k, f] of Object.entries(s.features)) {
    lines.push(`  ${k.padEnd(15)} ${f.value.toFixed(3).padStart(5)}  ${f.weight.toFixed(1).padStart(6)}  ${f.contribution.toFixed(3).padStart(12)}  ${f.raw ?? '—'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const accounts = program.command('accounts').description('ban evasion (re-entry after suspension) and bought amplification');

  accounts
    .command('reentry')
    .description('list new accounts linked to removed (suspended, taken down, deleted) ones, with evidence side by side')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--min-score <p>', 'show links whose best candidate scores at least this', score01('--min-score'), 0.5)
    .option('--threshold <p>', 'score at which a link becomes a signal', score01('--threshold'), DEFAULT_REENTRY_OPTIONS.threshold)
    .option('--limit <n>', 'show at most this many links', (v: string) => Number(v), 50)
    .option('--media-mirror <dir>', 'folder of downloaded avatars named by the last segment of their URL (hashed with PDQ)')
    .option('--fetch-media', 'fetch avatars by URL to hash them (off by default; private addresses are refused)')
    .option('--json', 'print one JSON object')
    .addHelpText('after', `
Every account first seen after a removal is compared with the fingerprints of removed accounts
(blocking on name keys, bio/style MinHash, avatar hashes, shared neighbours; never a full scan) and
scored: handle and name similarity with evasion patterns, bio, avatar, style, shared hashtags,
domains and neighbours, time since the removal, shout-outs ("new account", "حسابي الجديد"…).
Among look-alike members, behaviour a removed account had too little of is compared with the crowd's
typical value, and each removed account is given to at most one new account (the assignment with the
largest total log-odds); a candidate another new account took is listed as "returned as …".

Examples:
  marsad accounts reentry --db study.db
  marsad accounts reentry --db study.db --media-mirror avatars/
  marsad accounts reentry --db study.db --min-score 0.9 --json | jq '.links[0].candidates[0].features'`)
    .action(async (o: { db: string; minScore: number; threshold: number; limit: number; mediaMirror?: string; fetchMedia?: boolean; json?: boolean }) => {
      if (!Number.isInteger(o.limit) || o.limit < 1) throw new UserError('--limit must be a positive whole number');
      await withStore(o.db, async (store) => {
        const avatars = await hashAvatars(store, { ...(o.mediaMirror ? { mediaMirror: o.mediaMirror } : {}), ...(o.fetchMedia ? { fetchMedia: true } : {}) });
        const { reentry } = analyzeAccounts(store, { threshold: o.threshold, avatarPdq: avatars.pdq });
        const links = reentry.links.filter((l) => l.candidates[0]!.score.score >= o.minScore);
        if (o.json) printJson({ fingerprints: reentry.fingerprints, links: links.slice(0, o.limit).map(linkJson), total: links.length });
        else {
          process.stdout.write(`${reentry.fingerprints} fingerprints of removed accounts; ${links.length} new accounts linked at score >= ${o.minScore}\n\n`);
          process.stdout.write(links.slice(0, o.limit).map((l, i) => formatLink(l, i + 1)).join('\n'));
        }
      });
    });

  accounts
    .command('score')
    .description("an account's automation score and the contribution of each feature")
    .argument('<account-id>', 'platform-qualified account id (x:123, bsky:did:plc:…)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print one JSON object')
    .addHelpText('after', `
Features: account age, posts per day, followers/following, default avatar and empty bio, digits and
entropy of the handle, repost share, duplicate-text share, regularity of posting intervals, client.
Each has a hand-set weight; the score is a logistic of their sum (see detectors/amplification/features.ts).

Examples:
  marsad accounts score x:1589000000000000000 --db study.db
  marsad accounts score bsky:did:plc:abc --json | jq .features.regularity`)
    .action(async (id: string, o: { db: string; json?: boolean }) => {
      await withStore(o.db, (store) => {
        const r = scoreAccount(store, id);
        if (!r) throw new UserError(`no account ${id} in ${o.db}`, 'not_found');
        if (o.json) printJson({ account: id, score: r.score.score, logit: r.score.logit, features: r.score.features, posts: r.stats.posts, at: r.at });
        else process.stdout.write(formatScore(id, r.score, r.stats.posts));
      });
    });

  accounts
    .command('analyze')
    .description('run re-entry linking and amplification detection and write signals and campaigns to the store')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--threshold <p>', 're-entry signal threshold', score01('--threshold'), DEFAULT_REENTRY_OPTIONS.threshold)
    .option('--automation <p>', 'automation score at which an account outside any campaign gets a signal', score01('--automation'), 0.9)
    .option('--json', 'print the summary as one JSON object')
    .addHelpText('after', `
Replaces the earlier output of the \`reentry\` and \`amplification\` detectors (signals, and campaigns of
kind amplification), so running it twice gives the same store.

Examples:
  marsad accounts analyze --db study.db
  marsad accounts analyze --db study.db --threshold 0.8 --json`)
    .action(async (o: { db: string; threshold: number; automation: number; json?: boolean }) => {
      await withStore(o.db, (store) => {
        const a = analyzeAccounts(store, { threshold: o.threshold, automationThreshold: o.automation });
        const signals = [...a.reentry.signals, ...a.amplification.signals];
        writeAccountsOutput(store, signals, a.amplification.campaigns);
        const summary = {
          fingerprints: a.reentry.fingerprints,
          reentrySignals: a.reentry.signals.length,
          amplificationCampaigns: a.amplification.campaigns.length,
          amplificationSignals: a.amplification.signals.length,
          accountsScored: a.amplification.scores.size,
        };
        if (o.json) printJson(summary);
        else {
          process.stdout.write(`re-entry       ${summary.reentrySignals} signals (${summary.fingerprints} fingerprints of removed accounts)\n`);
          process.stdout.write(`amplification  ${summary.amplificationCampaigns} campaigns, ${summary.amplificationSignals} signals (${summary.accountsScored} accounts scored)\n`);
        }
      });
    });
}

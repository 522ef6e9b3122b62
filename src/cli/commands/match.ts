import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { PDQ_MIN_QUALITY } from '../../hashing/pdq.js';
import { readMediaFile } from '../../media/fetch.js';
import { MediaError } from '../../media/errors.js';
import { sniff } from '../../media/sniff.js';
import type { Signal } from '../../model/index.js';
import { ingest } from '../../pipeline/ingest.js';
import { hashMediaBytes, loadMatcher, matchPosts, matchStore, type Matcher, type MatchStoreOptions } from '../../pipeline/match.js';
import { readHead } from '../../sources/sniff.js';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { EXIT, UserError } from '../exit.js';
import { printJson } from '../options.js';
import { progressBar } from '../progress.js';
import { requireStore } from './store-option.js';

interface MatchCliOptions {
  db: string;
  json?: boolean;
  all?: boolean;
  bank?: string[];
  fetchMedia?: boolean;
  mediaRoot?: string;
  textThreshold?: number;
  pdqDistance?: number;
}

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new UserError(`--text-threshold must be in (0, 1], got "${value}"`);
  return n;
}

function parseDistance(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UserError(`--pdq-distance must be a whole number 0–64, got "${value}"`);
  return n;
}

const isMediaFile = (file: string): boolean => statSync(file).isFile() && sniff(readHead(file, 64)) !== undefined;

/** Hashes one media file and looks every hash up: PDQ with its eight transforms, md5 and sha256 exactly. */
async function matchMediaFile(file: string, matcher: Matcher) {
  const hashed = await hashMediaBytes(0, await readMediaFile(file));
  const matches = matcher.mediaHits(hashed).map(({ entry, distance, where }) => ({
    bank: entry.bank,
    entryId: entry.id,
    signalType: entry.signalType,
    signal: entry.signal,
    distance,
    ...('transform' in where && where.transform ? { transform: where.transform } : {}),
  })).sort((a, b) => a.distance - b.distance || a.entryId - b.entryId);
  const weak = hashed.pdqQuality !== undefined && hashed.pdqQuality < PDQ_MIN_QUALITY;
  return { file, sha256: hashed.sha256, md5: hashed.md5, pdq: hashed.pdq, quality: hashed.pdqQuality, weak, matches };
}

function describeSignal(s: Signal): string {
  const e = s.evidence;
  const where = e.field === 'media' ? `media[${String(e.media)}]${e.transform ? ` ${String(e.transform)}` : ''}` : e.field === 'url' ? String(e.url) : 'text';
  return `${s.subject.id}  ${s.detector}  ${String(e.bank)}#${String(e.entryId)}  distance ${Number(e.distance).toFixed(e.signalType === 'raw_text' ? 3 : 0)}  score ${s.score.toFixed(2)}  ${where}`;
}

export function register(program: Command): void {
  program
    .command('match')
    .description('match media files, post files, or the whole store against the enabled hash banks')
    .argument('[inputs...]', 'image/video files, or post files / folders in any format `marsad ingest` reads')
    .option('--db <file>', 'SQLite store holding the banks (and, with --all, the posts)', DEFAULT_DB)
    .option('--all', 'match every post in the store and replace its match.* signals')
    .option('--bank <name...>', 'match against these banks (enabled or not) instead of the enabled ones')
    .option('--media-root <dir>', 'folder that local media paths are relative to (default: the post file\'s folder)')
    .option('--fetch-media', 'also fetch media by URL (public addresses only; off by default)')
    .addOption(new Option('--text-threshold <j>', 'Jaccard similarity for near-duplicate text').argParser(parseThreshold).default(0.8))
    .option('--pdq-distance <d>', 'largest PDQ Hamming distance that matches, 0–64 (default 31)', parseDistance)
    .option('--json', 'one JSON object per file (media), per matched post (post files), or the summary (--all)')
    .addHelpText(
      'after',
      `
An image is hashed (PDQ with its 8 rotations/flips, md5, sha256) and looked up; a video by md5/sha256.
Any other file is read as posts (format sniffed, as \`marsad ingest\` does, into a temporary store) and
each post's text, links and media are matched. --all runs the same over every post in --db and writes
match.<type> signals (score: 1 exact; PDQ 1 − d/64; text = Jaccard similarity; domain-only URL 0.9).

Examples:
  marsad match poster.jpg --db marsad.db
  marsad match --json suspicious/*.jpg | jq 'select(.matches | length > 0) | .file'
  marsad match export/result.json --media-root export/
  marsad match --all --db marsad.db --json

Exit codes: 0 done (with or without matches), 3 some inputs could not be read, 1 none could, 2 bad usage.`,
    )
    .action(async (inputs: string[], o: MatchCliOptions) => {
      if (o.all && inputs.length > 0) throw new UserError('--all matches the store: give no files with it');
      if (!o.all && inputs.length === 0) throw new UserError('give media or post files to match, or --all for the whole store');
      for (const input of inputs) if (!existsSync(input)) throw new UserError(`no such file or folder: ${input}`);
      requireStore(o.db);
      const options: MatchStoreOptions = {
        textThreshold: o.textThreshold ?? 0.8,
        ...(o.pdqDistance !== undefined ? { pdqMaxDistance: o.pdqDistance } : {}),
        ...(o.bank ? { banks: o.bank } : {}),
        ...(o.mediaRoot ? { mediaRoot: o.mediaRoot } : {}),
        fetchMedia: o.fetchMedia === true,
      };
      const store = await openStore(o.db);
      try {
        if (o.all) {
          const bar = progressBar('match', 'posts', !o.json && process.stderr.isTTY === true);
          const summary = await matchStore(store, { ...options, onProgress: (done, total) => bar.update(done, total) });
          bar.stop();
          if (o.json) printJson(summary);
          else {
            const types = Object.entries(summary.byType).map(([t, n]) => `${t} ${n}`).join(', ') || '—';
            const m = summary.media;
            process.stdout.write(
              `posts    ${summary.posts} matched against ${summary.entries} bank entries in ${(summary.elapsedMs / 1000).toFixed(1)} s\n` +
                `matches  ${summary.matches} on ${summary.postsMatched} posts (${types})\n` +
                `media    ${m.hashed} hashed, ${m.skipped} not available, ${m.failed} failed${m.failed ? ` (${Object.entries(m.errors).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}\n`,
            );
          }
          return;
        }
        const matcher = await loadMatcher(store, options);
        if (matcher.size === 0) process.stderr.write('marsad: no enabled bank has entries: nothing can match (see `marsad bank list`)\n');
        let failed = 0;
        for (const input of inputs) {
          try {
            if (isMediaFile(input)) await printMediaMatches(input, matcher, o.json === true);
            else await printPostMatches(input, matcher, options, o.json === true);
          } catch (err) {
            if (err instanceof UserError) throw err;
            failed++;
            const code = err instanceof MediaError ? err.code : 'error';
            if (o.json) printJson({ file: input, error: { code, message: (err as Error).message } });
            process.stderr.write(`marsad: ${input}: ${(err as Error).message}\n`);
          }
        }
        if (failed > 0) process.exitCode = failed === inputs.length ? EXIT.failure : EXIT.partial;
      } finally {
        await store.close();
      }
    });
}

async function printMediaMatches(file: string, matcher: Matcher, json: boolean): Promise<void> {
  const r = await matchMediaFile(file, matcher);
  if (json) return printJson(r);
  const hash = r.pdq ? `pdq ${r.pdq} quality ${r.quality}${r.weak ? ' (too weak to match)' : ''}` : `sha256 ${r.sha256}`;
  process.stdout.write(`${file}  ${hash}\n`);
  if (r.matches.length === 0) process.stdout.write('  no match\n');
  for (const m of r.matches) {
    process.stdout.write(`  MATCH ${m.bank}#${m.entryId}  ${m.signalType}  distance ${m.distance}${m.transform ? `  (${m.transform})` : ''}\n`);
  }
}

/** Reads a post file into a throw-away store (the real decoders, sniffing and dead letters) and matches each post. */
async function printPostMatches(input: string, matcher: Matcher, options: MatchStoreOptions, json: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'marsad-match-'));
  const posts = await openStore(join(dir, 'posts.db'));
  try {
    const ingested = await ingest(posts, [input]);
    if (ingested.files.every((f) => f.skipped)) throw new UserError(`${input}: not a media file and not a post format Marsad reads (see \`marsad ingest --help\`)`);
    let matched = 0;
    const { posts: n, media } = await matchPosts(posts, matcher, options, (post, signals) => {
      if (signals.length === 0) return;
      matched++;
      if (json) printJson({ post: post.id, createdAt: post.createdAt, matches: signals });
      else for (const s of signals) process.stdout.write(`${describeSignal(s)}\n`);
    });
    const note = ingested.deadLetters > 0 ? `, ${ingested.deadLetters} records not decodable` : '';
    process.stderr.write(`${input}: ${matched} of ${n} posts matched; media ${media.hashed} hashed, ${media.skipped} not available, ${media.failed} failed${note}\n`);
  } finally {
    await posts.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

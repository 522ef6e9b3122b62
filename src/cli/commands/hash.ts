import type { Command } from 'commander';
import { pdqHashImage } from '../../hashing/types/pdq.js';
import { SIGNAL_TYPES } from '../../hashing/signal-types.js';
import { MediaError } from '../../media/errors.js';
import { EXIT, UserError } from '../exit.js';
import { printJson } from '../options.js';

const TYPES = ['pdq', 'md5', 'sha256', 'video_md5'] as const;
type FileHashType = (typeof TYPES)[number];

interface HashRow {
  file: string;
  type: FileHashType;
  hash: string;
  quality?: number;
  dihedral?: Record<string, string>;
}

async function hashOne(file: string, type: FileHashType, dihedral: boolean): Promise<HashRow> {
  if (type === 'pdq') {
    const h = await pdqHashImage(file);
    return { file, type, hash: h.signal, quality: h.quality, ...(dihedral ? { dihedral: h.dihedral } : {}) };
  }
  return { file, type, hash: (await SIGNAL_TYPES[type].hashFile!(file)).signal };
}

export function register(program: Command): void {
  program
    .command('hash')
    .description('hash files: PDQ (with quality) for images, or md5 / sha256 / video_md5 of the bytes')
    .argument('<file...>', 'files to hash')
    .option('-t, --type <type>', `signal type: ${TYPES.join(', ')}`, 'pdq')
    .option('--dihedral', 'pdq: also give the hashes of the 8 rotations/flips (with --json)')
    .option('--json', 'print one JSON object per file')
    .addHelpText(
      'after',
      [
        '',
        'Prints "<hash> <quality>" per file (quality only for pdq), followed by the file name when more',
        'than one file is given. A PDQ hash of quality below 50 is too weak to match on.',
        '',
        'Examples:',
        '  marsad hash poster.jpg',
        '  marsad hash --type sha256 releases/*.mp4',
        '  marsad hash --json --dihedral poster.jpg | jq -r .dihedral.rotate90',
        '',
        'Exit codes: 0 all hashed, 3 some files could not be hashed, 1 none could, 2 bad usage.',
      ].join('\n'),
    )
    .action(async (files: string[], options: { type: string; json?: boolean; dihedral?: boolean }) => {
      if (!(TYPES as readonly string[]).includes(options.type)) {
        throw new UserError(`--type must be one of ${TYPES.join(', ')}, got "${options.type}"`);
      }
      const type = options.type as FileHashType;
      let failed = 0;
      for (const file of files) {
        try {
          const row = await hashOne(file, type, options.dihedral === true);
          if (options.json) printJson(row);
          else process.stdout.write(`${[row.hash, row.quality, files.length > 1 ? file : undefined].filter((x) => x !== undefined).join(' ')}\n`);
        } catch (err) {
          failed++;
          const code = err instanceof MediaError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'error');
          const message = err instanceof Error ? err.message : String(err);
          if (options.json) printJson({ file, type, error: { code, message } });
          process.stderr.write(`marsad: ${file}: ${message}\n`);
        }
      }
      if (failed > 0) process.exitCode = failed === files.length ? EXIT.failure : EXIT.partial;
    });
}

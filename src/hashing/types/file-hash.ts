/**
 * Exact cryptographic hashes of whole files: `md5`, `sha256` and pytx's `video_md5` (the MD5 of the
 * video file's bytes). Matching is equality of lower-case hex.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ExactIndex } from '../exact-index.js';
import type { ContentType, HashOutput, SignalTypeDescriptor, SignalTypeName } from '../signal-type.js';

export async function hashFileWith(algorithm: 'md5' | 'sha256', path: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function fileHashType(
  name: SignalTypeName,
  algorithm: 'md5' | 'sha256',
  contentTypes: readonly ContentType[],
  examples: SignalTypeDescriptor['examples'],
): SignalTypeDescriptor {
  const hexLength = algorithm === 'md5' ? 32 : 64;
  const pattern = new RegExp(`^[0-9a-f]{${hexLength}}$`);
  return {
    name,
    contentTypes,
    validate(signal) {
      const s = signal.trim().toLowerCase();
      return pattern.test(s) ? { ok: true, signal: s } : { ok: false, error: `expected ${hexLength} hex characters` };
    },
    async hashFile(path): Promise<HashOutput> {
      return { signal: await hashFileWith(algorithm, path) };
    },
    hashBytes(bytes): HashOutput {
      return { signal: createHash(algorithm).update(bytes).digest('hex') };
    },
    compare(a, b) {
      const match = a.toLowerCase() === b.toLowerCase();
      return { match, distance: match ? 0 : 1 };
    },
    createIndex: (entries = []) => ExactIndex.build(name, entries),
    deserializeIndex: (bytes) => ExactIndex.deserialize(bytes, name),
    examples,
  };
}

export const md5Type = fileHashType('md5', 'md5', ['photo', 'video', 'file'], [
  { signal: 'd41d8cd98f00b204e9800998ecf8427e', content: '', note: 'the empty file' },
  { signal: '5d41402abc4b2a76b9719d911017c592', content: 'hello' },
]);

export const sha256Type = fileHashType('sha256', 'sha256', ['photo', 'video', 'file'], [
  { signal: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', content: '', note: 'the empty file' },
  { signal: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', content: 'hello' },
]);

export const videoMd5Type = fileHashType('video_md5', 'md5', ['video'], [
  { signal: 'd41d8cd98f00b204e9800998ecf8427e', content: '', note: 'the empty file' },
]);

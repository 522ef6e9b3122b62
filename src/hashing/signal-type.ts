/**
 * One contract for every kind of signal, after python-threatexchange's `SignalType`: a static
 * descriptor per hash type with its name (pytx names, so banks interoperate), the content it applies
 * to, validation, hashing, comparison, and an index behind a shared interface.
 *
 * Index ids are non-negative integers (bank entry row ids): numbers keep the large indexes in typed
 * arrays instead of one object per entry.
 */

/** Signal type names as python-threatexchange spells them (plus `sha256`). */
export type SignalTypeName = 'pdq' | 'md5' | 'sha256' | 'video_md5' | 'url' | 'raw_text';

export type ContentType = 'photo' | 'video' | 'text' | 'url' | 'file';

export type Validation = { ok: true; signal: string } | { ok: false; error: string };

export interface Comparison {
  match: boolean;
  distance: number;
}

export interface IndexMatch {
  id: number;
  distance: number;
}

export interface QueryOptions {
  /** Override the type's match threshold (a distance: Hamming bits for PDQ, 1 − Jaccard for text). */
  maxDistance?: number;
}

/** The interface every index shares. `query` is synchronous and never waits for a rebuild. */
export interface SignalIndex {
  readonly signalType: SignalTypeName;
  readonly size: number;
  /** Adds an entry; `signal` must be valid (already normalised by `validate`). */
  add(id: number, signal: string): void;
  /** Removes every entry with this id; returns whether there was one. */
  remove(id: number): boolean;
  /** Matching entries, closest first. */
  query(signal: string, opts?: QueryOptions): IndexMatch[];
  serialize(): Uint8Array;
}

export interface HashOutput {
  signal: string;
  /** PDQ quality 0–100; absent for exact hashes. */
  quality?: number;
}

export interface SignalTypeDescriptor {
  readonly name: SignalTypeName;
  readonly contentTypes: readonly ContentType[];
  /** Checks and normalises a signal string (e.g. lower-case hex). */
  validate(signal: string): Validation;
  /** Hashes a file, for types that hash files (md5, sha256, pdq, video_md5). */
  hashFile?(path: string): Promise<HashOutput>;
  /** Hashes bytes, for exact file hashes. */
  hashBytes?(bytes: Uint8Array): HashOutput;
  /** Turns text content into the signal, for text and url types (undefined when nothing to match). */
  hashText?(text: string): HashOutput | undefined;
  /** Compares two valid signals. */
  compare(a: string, b: string): Comparison;
  /** Builds an index from entries (empty when none). */
  createIndex(entries?: Iterable<{ id: number; signal: string }>): SignalIndex;
  deserializeIndex(bytes: Uint8Array): SignalIndex;
  /** Known (signal, content) pairs; they double as test fixtures. */
  readonly examples: readonly { signal: string; content?: string; note?: string }[];
}

export function validOrThrow(type: SignalTypeDescriptor, signal: string): string {
  const v = type.validate(signal);
  if (!v.ok) throw new RangeError(`${type.name}: ${v.error}`);
  return v.signal;
}

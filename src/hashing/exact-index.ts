/**
 * The trivial index every signal type has first: equality of normalised signal strings.
 * Serialised as JSON `{"type":…,"entries":[[id, signal], …]}` in UTF-8.
 */
import type { IndexMatch, SignalIndex, SignalTypeName } from './signal-type.js';

export class ExactIndex implements SignalIndex {
  private readonly bySignal = new Map<string, number[]>();
  private readonly byId = new Map<number, string[]>();
  private count = 0;

  constructor(readonly signalType: SignalTypeName) {}

  static build(type: SignalTypeName, entries: Iterable<{ id: number; signal: string }>): ExactIndex {
    const index = new ExactIndex(type);
    for (const e of entries) index.add(e.id, e.signal);
    return index;
  }

  static deserialize(bytes: Uint8Array, expected: SignalTypeName): ExactIndex {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { type?: string; entries?: [number, string][] };
    if (doc.type !== expected || !Array.isArray(doc.entries)) throw new RangeError(`not a serialised ${expected} exact index`);
    return ExactIndex.build(expected, doc.entries.map(([id, signal]) => ({ id, signal })));
  }

  get size(): number {
    return this.count;
  }

  add(id: number, signal: string): void {
    const ids = this.bySignal.get(signal);
    if (ids) ids.push(id);
    else this.bySignal.set(signal, [id]);
    const signals = this.byId.get(id);
    if (signals) signals.push(signal);
    else this.byId.set(id, [signal]);
    this.count++;
  }

  remove(id: number): boolean {
    const signals = this.byId.get(id);
    if (!signals) return false;
    this.byId.delete(id);
    for (const s of signals) {
      const rest = (this.bySignal.get(s) ?? []).filter((x) => x !== id);
      if (rest.length > 0) this.bySignal.set(s, rest);
      else this.bySignal.delete(s);
      this.count--;
    }
    return true;
  }

  query(signal: string): IndexMatch[] {
    return (this.bySignal.get(signal) ?? []).map((id) => ({ id, distance: 0 }));
  }

  serialize(): Uint8Array {
    const entries: [number, string][] = [];
    for (const [id, signals] of this.byId) for (const s of signals) entries.push([id, s]);
    return new TextEncoder().encode(JSON.stringify({ type: this.signalType, entries }));
  }
}

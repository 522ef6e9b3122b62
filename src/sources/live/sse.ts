/**
 * A Server-Sent Events parser, per the WHATWG "event stream interpretation": lines end in CRLF, LF or
 * CR (a CRLF split across two chunks counts once); `:` starts a comment (Mastodon's `:thump`
 * heartbeats); `data:` lines accumulate joined by LF; a blank line dispatches; an event with no data is
 * dropped; one space after the colon is stripped; a leading BOM is ignored. Feed it decoded text in
 * chunks of any size.
 */

export interface SseEvent {
  /** `event:` field, `message` when absent. */
  event: string;
  data: string;
  /** Last `id:` seen on the stream (sticky, as in the spec). */
  id?: string;
}

export class SseParser {
  private buffer = '';
  private started = false;
  /** The previous chunk ended in CR: a leading LF in the next one belongs to it. */
  private pendingCr = false;
  private eventName = '';
  private data: string[] = [];
  private dataChars = 0;
  private lastId: string | undefined;
  /** A retry hint from the server (`retry:` field), ms. */
  retryMs: number | undefined;

  /** @param maxEventChars an event larger than this is a protocol error (guards memory against a hostile server). */
  constructor(private readonly maxEventChars = 16 * 1024 * 1024) {}

  /** Parses a chunk; returns the events it completed. Throws `SseTooLarge` past the size guard. */
  push(chunk: string): SseEvent[] {
    if (chunk.length === 0) return [];
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCr = false;
    const out: SseEvent[] = [];
    if (!/[\r\n]/.test(chunk)) {
      // Mid-line: only append, so a long line arriving in many chunks is not rescanned each time.
      this.buffer += chunk;
      if (this.buffer.length + this.dataChars > this.maxEventChars) throw new SseTooLarge(this.maxEventChars);
      return out;
    }
    let text = this.buffer + chunk;
    let start = 0;
    // Next CR / LF at or after `start`, searched again only once passed: a stream without any CR must
    // not cost a scan to the chunk's end per line.
    let cr = -2;
    let lf = -2;
    for (;;) {
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr < 0 && lf < 0) break;
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      this.line(text.slice(start, end), out);
      if (text.charCodeAt(end) === 13 /* \r */) {
        if (end + 1 === text.length) {
          this.pendingCr = true;
          start = end + 1;
          break;
        }
        start = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    text = text.slice(start);
    if (text.length + this.dataChars > this.maxEventChars) throw new SseTooLarge(this.maxEventChars);
    this.buffer = text;
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // comment / heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.data.push(value);
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxEventChars) throw new SseTooLarge(this.maxEventChars);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default: // unknown fields are ignored, per the spec
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data.length > 0) {
      const event: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n') };
      if (this.lastId !== undefined) event.id = this.lastId;
      out.push(event);
    }
    this.eventName = '';
    this.data = [];
    this.dataChars = 0;
  }
}

export class SseTooLarge extends Error {
  constructor(limit: number) {
    super(`server-sent event larger than ${limit} characters`);
    this.name = 'SseTooLarge';
  }
}

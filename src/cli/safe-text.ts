/**
 * Content is hostile, also on a terminal: control characters could move the cursor or recolour the
 * screen (escape sequences), and bidirectional overrides could reorder what surrounds them. Show it
 * with controls made visible, bidi controls removed, and the whole isolated (FSI … PDI) so Arabic
 * and Latin text sit side by side without swapping.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string, max = 120): string {
  let s = text.replace(/\r?\n/g, ' ⏎ ').replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(BIDI, '');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return `\u2068${s}\u2069`;
}

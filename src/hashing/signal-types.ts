/** The registry of signal types, by pytx name. */
import type { SignalTypeDescriptor, SignalTypeName } from './signal-type.js';
import { md5Type, sha256Type, videoMd5Type } from './types/file-hash.js';
import { pdqType } from './types/pdq.js';
import { rawTextType } from './types/text.js';
import { urlType } from './types/url.js';

export const SIGNAL_TYPES: Readonly<Record<SignalTypeName, SignalTypeDescriptor>> = {
  pdq: pdqType,
  md5: md5Type,
  sha256: sha256Type,
  video_md5: videoMd5Type,
  url: urlType,
  raw_text: rawTextType,
};

export function isSignalTypeName(name: string): name is SignalTypeName {
  return Object.hasOwn(SIGNAL_TYPES, name);
}

export function signalType(name: string): SignalTypeDescriptor | undefined {
  return isSignalTypeName(name) ? SIGNAL_TYPES[name] : undefined;
}

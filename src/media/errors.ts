/** Typed media errors with stable codes, so the pipeline can dead-letter instead of crashing. */
export type MediaErrorCode =
  | 'too_large' // body or pixel count over the limit
  | 'timeout'
  | 'blocked_address' // private, loopback, link-local… after DNS resolution
  | 'bad_url'
  | 'http_status'
  | 'redirect_limit'
  | 'dns_failed'
  | 'fetch_failed'
  | 'unsupported_type' // content sniffing found no image/video format we accept
  | 'decode_failed';

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MediaError';
  }
}

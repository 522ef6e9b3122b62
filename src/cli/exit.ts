/** Exit codes that mean something to scripts. */
export const EXIT = {
  ok: 0,
  /** Something failed (I/O, a bug): the message says what. */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The command ran, but the input had records it could not use (dead letters). */
  partial: 3,
} as const;

/** An error whose message is meant for the user: printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string = 'user_error',
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

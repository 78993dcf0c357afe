/** Error thrown by domain code with its own code and HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

// The closed set of error codes every function may return. Ordered roughly by
// how early in a request they are detected; the client switches on `code`.
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_ACTION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'OUT_OF_STOCK',
  'SOLD_OUT',
  'NOT_PAYABLE',
  'NOT_REFUNDABLE',
  /** A fulfilment step the order's status or mode does not allow (ship an unpaid order, confirm an unshipped one…). */
  'NOT_SHIPPABLE',
  'IDEMPOTENCY_MISMATCH',
  'INSUFFICIENT_BALANCE',
  'CONFLICT',
  'PAYMENT_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** The one error type services throw; function entries map it to an ApiResult. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && (e as AppError).name === 'AppError' && typeof (e as AppError).code === 'string';
}

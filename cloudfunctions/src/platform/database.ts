// The CloudBase database limits and error texts the functions and the local database rely on.

export const QUERY_LIMITS = {
  /** get() without limit() returns this many documents. */
  defaultLimit: 100,
  /** The server SDK silently caps limit() here (the local database refuses more, to be stricter). */
  maxLimit: 1000,
  /** A result above 1 MB fails (-602001). */
  maxResultBytes: 1_048_576 /* 1 MB */,
  provenance: { kind: 'official', page: 'collectionGet' },
} as const;

export const TRANSACTION = {
  /** runTransaction(fn, times): `times` re-runs after the first attempt on DATABASE_TRANSACTION_CONFLICT (times + 1 attempts), default 3. */
  defaultRetries: 3,
  /** Only this code is retried by the SDK; a conflict raised by a read/write inside fn is -501001 text. */
  retriedCode: 'DATABASE_TRANSACTION_CONFLICT',
  conflictTexts: ['TransactionConflict', 'TransactionBusy', 'TRANSACTION_CONFLICT'] as const,
  maxDurationMs: 30_000,
  /** Inside a transaction: single-document operations only (doc().get/set/update/remove, add). */
  singleDocumentOnly: true,
  provenance: { kind: 'official', page: 'runTransaction' },
} as const;

/** Error texts with no stable code: a duplicate _id and a missing document. */
export const DATABASE_ERRORS = {
  duplicateText: 'DATABASE_DUPLICATE_WRITE',
  notFoundText: /does not exist/,
  provenance: { kind: 'sdk', file: 'src/api/database (errors come from @cloudbase/database 1.4.3)' },
} as const;

/** doc().get() of a missing document throws (throwOnNotFound defaults to true). */
export const DOCUMENT_GET = { throwOnNotFound: true, provenance: { kind: 'official', page: 'database' } } as const;

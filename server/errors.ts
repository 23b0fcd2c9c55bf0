import { ERROR_CODES, type ErrorCode } from "../shared/protocol/errors";

/**
 * A refusal by a domain service or a store: a code the client branches on and a message people
 * read. No transport owns it; Socket.IO acknowledges it as { ok: false, error }, HTTP as a 4xx body.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The store could not write (Redis down, an error reply, a failed fsync): nothing was applied or acknowledged. */
export class StorageFailure extends DomainError {
  constructor(readonly detail: string) {
    super(ERROR_CODES.STORAGE_FAILED, "Máy chủ không lưu được thay đổi; chưa có gì được ghi nhận. (The server could not store the change; nothing was applied.)");
  }
}

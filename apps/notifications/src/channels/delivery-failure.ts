/**
 * Why a delivery failed, as a code only (a provider's reply text may quote the address).
 * Transient failures are retried with backoff; permanent ones (bad address, 5xx SMTP reply,
 * 4xx HTTP answer) are not.
 */
export class DeliveryFailure extends Error {
  constructor(
    readonly permanent: boolean,
    readonly code: string,
  ) {
    super(`Delivery failed (${permanent ? 'permanent' : 'transient'}): ${code}`);
    this.name = 'DeliveryFailure';
  }
}

interface SmtpErrorLike {
  readonly code?: unknown;
  readonly responseCode?: unknown;
}

/** Classifies a nodemailer error: a 5xx reply (e.g. 550 no such user) is permanent, the rest transient. */
export function classifySmtpError(error: unknown): DeliveryFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (reply !== undefined) return new DeliveryFailure(reply >= 500 && reply < 600, `smtp_${reply}`);
  const code = typeof e.code === 'string' ? e.code : 'unknown';
  // No recipient accepted without a reply code, or a malformed message: sending again cannot help.
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new DeliveryFailure(true, code);
  return new DeliveryFailure(false, code);
}

/** Classifies an SMS provider's HTTP status: 4xx (but 408 and 429) is permanent, 5xx transient. */
export function classifyHttpStatus(status: number): DeliveryFailure {
  const transient = status >= 500 || status === 408 || status === 429;
  return new DeliveryFailure(!transient, `http_${status}`);
}

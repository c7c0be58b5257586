import type { TransportErrorBody } from '@offera/contracts';

/** What a job carries in Redis. `s` is sealed (encrypted); everything else holds no personal data. */
export interface JobEnvelope {
  /** Sealed payload. */
  readonly s: string;
  /** Reply channel of the waiting client; absent for events and flow steps. */
  readonly r?: string;
  /** Out-of-band metadata such as a request id (never personal data). */
  readonly m?: Readonly<Record<string, string>>;
  /** Set on a flow's parent: only then are children's results fetched (one Redis call saved per job). */
  readonly p?: 1;
}

/** A reply published on the client's channel. */
export interface ReplyEnvelope {
  /** The request's id. */
  readonly i: string;
  /** Sealed result, on success. */
  readonly s?: string;
  /** Error, on failure. */
  readonly e?: TransportErrorBody;
}

/** The associated data a result is sealed with; distinct from the payload's. */
export const resultAad = (name: string): string => `${name}#result`;

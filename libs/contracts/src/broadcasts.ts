/**
 * Broadcasts: fire-and-forget notices on Redis pub/sub to every listening process (not queued,
 * nothing kept at rest). Each carries one key; used to invalidate what a process keeps in memory.
 */
export interface Broadcasts {
  /** A customer's profile (names, contact, identity code, restriction) changed or was erased; key: customer id. */
  'customer.profile-changed': string;
  /** Every session of an account ended (erasure, lock, deactivation) or it was reactivated; key: account id. */
  'account.sessions-changed': string;
}

export type BroadcastName = keyof Broadcasts;

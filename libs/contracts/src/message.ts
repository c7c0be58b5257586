/** A request/reply message's payload and result types. */
export interface Message<P, R> {
  readonly payload: P;
  readonly result: R;
}

import type { RoutingTable } from '@offera/transport';

/** Jobs in flight in every phase, as the issue asks. */
export const CONCURRENCY = 64;

/** Raw request/reply: one queue, replies on a pub/sub channel. */
export const RAW_REPLY_QUEUE = 'raw-echo';
export const rawReplyChannel = (prefix: string): string => `${prefix}:raw-replies`;

/** Raw flow: one child per queue; the parent runs on the last one (as the privacy parent does). */
export const FLOW_QUEUES = ['flow-a', 'flow-b', 'flow-c', 'flow-d'] as const;
export const FLOW_PARENT_QUEUE = FLOW_QUEUES[3];
export const rawFlowChannel = (prefix: string): string => `${prefix}:raw-flows`;

/** The transport phase's only message, served by a tiny microservice on the `orders` queue. */
export const ECHO_MESSAGE = 'bench.echo';
export const ECHO_ROUTING: RoutingTable = { messages: { [ECHO_MESSAGE]: 'orders' }, events: {} };

/** What every echo and raw job carries. */
export const ECHO_PAYLOAD = { text: 'hei' } as const;

export interface RawReplyJob {
  readonly i: number;
  readonly r: string;
  readonly p: unknown;
}

export interface RawFlowJob {
  readonly i: number;
  readonly r?: string;
}

/** Separate key prefixes per phase, all under the run's prefix so one cleanup removes them. */
export const phasePrefix = (prefix: string, phase: 'raw' | 'transport'): string => `${prefix}-${phase}`;

import { EVENT_SUBSCRIBERS, MESSAGE_ROUTES, type QueueName } from '@offera/contracts';

/** Where messages and events go. Defaults to the contracts' tables; tests may pass their own. */
export interface RoutingTable {
  readonly messages: Readonly<Record<string, QueueName>>;
  readonly events: Readonly<Record<string, readonly QueueName[]>>;
}

export const DEFAULT_ROUTING: RoutingTable = { messages: MESSAGE_ROUTES, events: EVENT_SUBSCRIBERS };

/** Checks a service's handlers against the routing table: every message and event routed to
 * its queue has a handler, and it has no handler for anything routed elsewhere. */
export function checkHandlers(
  queue: QueueName,
  routing: RoutingTable,
  handlers: ReadonlyMap<string, { isEventHandler?: boolean }>,
): string[] {
  const problems: string[] = [];
  const expectedMessages = Object.entries(routing.messages)
    .filter(([, q]) => q === queue)
    .map(([name]) => name);
  const expectedEvents = Object.entries(routing.events)
    .filter(([, qs]) => qs.includes(queue))
    .map(([name]) => name);
  for (const name of expectedMessages) {
    const h = handlers.get(name);
    if (!h) problems.push(`no @MessagePattern handler for ${name}`);
    else if (h.isEventHandler) problems.push(`${name} is a message but is handled with @EventPattern`);
  }
  for (const name of expectedEvents) {
    const h = handlers.get(name);
    if (!h) problems.push(`no @EventPattern handler for ${name}`);
    else if (!h.isEventHandler) problems.push(`${name} is an event but is handled with @MessagePattern`);
  }
  const expected = new Set([...expectedMessages, ...expectedEvents]);
  for (const name of handlers.keys()) {
    if (!expected.has(name)) problems.push(`handler for ${name}, which is not routed to the ${queue} queue`);
  }
  return problems;
}

/** One BullMQ queue per worker service; the queue name is the service name. */
export const QUEUES = ['customers', 'orders', 'notifications', 'privacy'] as const;
export type QueueName = (typeof QUEUES)[number];

import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { scrubText } from '@offera/observability';
import type { DataSource } from 'typeorm';

import { assertIdentifier, type PostgresDataSourceOptions } from '../data-source-options.js';
import { connectPg, type PgClient, type PgClientConfig } from '../pg.js';
import { outboxChannel } from './outbox-message.entity.js';

export interface OutboxEnvelope {
  id: string;
  name: string;
  payload: unknown;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Sends one message to the transport; rejects when it could not. */
  publish: (message: OutboxEnvelope) => Promise<void>;
  /** Defaults to the data source's schema. */
  schema?: string;
  /** Rows claimed per transaction; 100 by default. */
  batchSize?: number;
  /** Fallback poll when no notification arrives (missed, or LISTEN connection down); 1000 ms. */
  pollIntervalMs?: number;
  /** LISTEN for commit notifications; true by default. */
  listen?: boolean;
  /** Called with the age in seconds of the oldest unpublished row after each drain. */
  onLag?: (seconds: number) => void;
  /** Background failures (database down, LISTEN lost); the relay keeps trying. */
  onError?: (error: unknown) => void;
  /** Text stored in `last_error`; by default the error's name and scrubbed message. */
  describeError?: (error: unknown) => string;
}

interface ClaimedRow {
  id: string;
  name: string;
  payload: unknown;
}

const defaultDescribe = (error: unknown): string =>
  error instanceof Error ? scrubText(`${error.name}: ${error.message}`) : 'publish failed';

/**
 * Publishes outbox rows. Each batch is claimed with `FOR UPDATE SKIP LOCKED` inside a
 * transaction that stays open while the batch is published, so concurrent relays (other
 * replicas) never publish the same row at the same time; published rows are deleted in that
 * transaction. A crash between publish and commit republishes the batch: delivery is
 * at-least-once and subscribers deduplicate by message id.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly schema: string;
  private readonly table: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly describeError: (error: unknown) => string;
  private timer?: NodeJS.Timeout;
  private listener?: PgClient;
  private connectingListener?: Promise<void>;
  private inFlight?: Promise<number>;
  private queued?: Promise<number>;
  private started = false;
  private stopping = false;

  constructor(private readonly options: OutboxRelayOptions) {
    const schema = options.schema ?? (options.dataSource.options as { schema?: string }).schema;
    if (!schema) throw new Error('OutboxRelay needs a schema');
    this.schema = assertIdentifier(schema, 'schema');
    this.table = `"${this.schema}"."outbox"`;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.describeError = options.describeError ?? defaultDescribe;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts listening and polling, and drains what is already there. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    if (this.options.listen !== false) await this.ensureListener();
    this.timer = setInterval(() => this.tick(), this.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops waking up and waits for the drain in progress to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.connectingListener?.catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await listener.end().catch(() => undefined);
    await Promise.allSettled([this.inFlight, this.queued]);
  }

  /**
   * Drains the outbox until it is empty (or a publish fails). Waits for a drain already in
   * progress first, so rows committed before the call are covered. Returns how many
   * messages this call published.
   */
  flush(): Promise<number> {
    if (this.queued) return this.queued;
    if (this.inFlight) {
      this.queued = this.inFlight
        .catch(() => 0)
        .then(() => {
          this.queued = undefined;
          return this.startDrain();
        });
      return this.queued;
    }
    return this.startDrain();
  }

  /** Age in seconds of the oldest unpublished row; 0 when the outbox is empty. */
  async lagSeconds(): Promise<number> {
    const rows = await this.options.dataSource.query<{ lag: number }[]>(
      `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag FROM ${this.table}`,
    );
    return Math.max(0, Number(rows[0]?.lag ?? 0));
  }

  private startDrain(): Promise<number> {
    const drain = this.drainAll().finally(() => {
      if (this.inFlight === drain) this.inFlight = undefined;
    });
    this.inFlight = drain;
    return drain;
  }

  private async drainAll(): Promise<number> {
    let published = 0;
    let emptied: boolean;
    for (;;) {
      const batch = await this.drainBatch();
      published += batch.published;
      emptied = !batch.failed && batch.claimed < this.batchSize;
      if (batch.failed || batch.claimed < this.batchSize || this.stopping) break;
    }
    // A drain that emptied the outbox has no lag to measure; only ask Postgres when rows remain,
    // so the common case (one commit, one notify, one drain) costs no extra query.
    if (this.options.onLag) this.options.onLag(emptied ? 0 : await this.lagSeconds());
    return published;
  }

  private async drainBatch(): Promise<{ claimed: number; published: number; failed: boolean }> {
    return this.options.dataSource.transaction(async (manager) => {
      const rows = await manager.query<ClaimedRow[]>(
        `SELECT id, name, payload FROM ${this.table} ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const done: string[] = [];
      let failed = false;
      for (const row of rows) {
        try {
          await this.options.publish({ id: row.id, name: row.name, payload: row.payload });
          done.push(row.id);
        } catch (error) {
          failed = true;
          await manager.query(
            `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = $1`,
            [row.id, this.describeError(error).slice(0, 500)],
          );
          // Keep order: later rows wait for the next attempt rather than overtake this one.
          break;
        }
      }
      if (done.length) await manager.query(`DELETE FROM ${this.table} WHERE id = ANY($1::uuid[])`, [done]);
      return { claimed: rows.length, published: done.length, failed };
    });
  }

  private kick(): void {
    if (this.stopping) return;
    this.flush().catch((error: unknown) => this.report(error));
  }

  private tick(): void {
    if (this.options.listen !== false && !this.listener && !this.connectingListener) {
      this.ensureListener().catch((error: unknown) => this.report(error));
    }
    this.kick();
  }

  private report(error: unknown): void {
    this.options.onError?.(error);
  }

  private ensureListener(): Promise<void> {
    this.connectingListener ??= this.connectListener().finally(() => {
      this.connectingListener = undefined;
    });
    return this.connectingListener;
  }

  private async connectListener(): Promise<void> {
    const client = await connectPg(listenConfig(this.options.dataSource));
    client.on('notification', () => this.kick());
    client.on('error', (error) => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.report(error);
    });
    await client.query(`LISTEN "${outboxChannel(this.schema)}"`);
    if (this.stopping) {
      await client.end();
      return;
    }
    this.listener = client;
  }
}

/** Connection settings of the LISTEN connection: the same server, role and TLS as the pool. */
function listenConfig(dataSource: DataSource): PgClientConfig {
  const o = dataSource.options as PostgresDataSourceOptions;
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl,
    application_name: `${o.applicationName ?? 'offera'}-outbox-listen`,
  };
}

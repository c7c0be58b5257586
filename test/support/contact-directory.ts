import { randomUUID } from 'node:crypto';
import { type ContactDetails, ErrorCode } from '@offera/contracts';
import { BullMqServer, type BullMqContext } from '@offera/transport';
import { loadNotificationsConfig } from '../../apps/notifications/src/config.js';

/**
 * Stands in for the customers service's `customers.get-contact` on a test system started
 * without it, so tests choose each person's language and phone, and can make one disappear
 * (as erasure does: NOT_FOUND).
 */
export class ContactDirectory {
  private readonly contacts = new Map<string, ContactDetails>();
  lookups = 0;

  private constructor(private readonly server: BullMqServer) {}

  static async start(redisUrl: string, prefix: string): Promise<ContactDirectory> {
    // The same (development) message key the test system's apps use.
    const { messageEncryptionKey } = loadNotificationsConfig({ NODE_ENV: 'test' });
    const server = new BullMqServer({
      queue: 'customers',
      redis: { url: redisUrl },
      prefix,
      encryptionKey: messageEncryptionKey,
      strictHandlers: false,
    });
    const directory = new ContactDirectory(server);
    server.addHandler(
      'customers.get-contact',
      (data: unknown, _ctx?: BullMqContext) => {
        directory.lookups += 1;
        const contact = directory.contacts.get((data as { accountId: string }).accountId);
        if (!contact)
          return Promise.reject(Object.assign(new Error('Account not found'), { code: ErrorCode.NotFound }));
        return Promise.resolve(contact);
      },
      false,
    );
    let failure: unknown;
    await server.listen((error?: unknown) => {
      failure = error;
    });
    if (failure) throw failure instanceof Error ? failure : new Error('The contact directory did not start');
    return directory;
  }

  /** A person with names and addresses unlikely to appear anywhere by chance. */
  add(overrides: Partial<ContactDetails> = {}): ContactDetails {
    const tag = randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 8);
    const contact: ContactDetails = {
      accountId: randomUUID(),
      role: 'customer',
      email: `kalle.${tag}@example.fi`,
      phone: null,
      firstName: `Kalle${tag}`,
      lastName: `Korhonen${tag}`,
      language: 'fi',
      ...overrides,
    };
    this.contacts.set(contact.accountId, contact);
    return contact;
  }

  forget(accountId: string): void {
    this.contacts.delete(accountId);
  }

  async stop(): Promise<void> {
    await this.server.close();
  }
}

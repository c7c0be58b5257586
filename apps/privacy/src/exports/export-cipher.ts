import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedExport {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/** AES-256-GCM for stored exports; the request id is the associated data, so rows cannot be swapped. */
export class ExportCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The export key must be 32 bytes');
  }

  seal(requestId: string, document: unknown): SealedExport {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`export:${requestId}`));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  open<T>(requestId: string, sealed: SealedExport): T {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAAD(Buffer.from(`export:${requestId}`));
    decipher.setAuthTag(sealed.tag);
    const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}

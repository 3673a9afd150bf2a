import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { RecadoError } from './errors.js';

/** One AES-256 key and the id stored beside every ciphertext it made. */
export interface VaultKey {
  /** Short id, letters and digits; written into the ciphertext so old keys can still decrypt. */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

const FORMAT = /^v1:([A-Za-z0-9]{1,16}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/**
 * Encrypts credentials at rest (SMTP passwords, gateway tokens) with AES-256-GCM. The first
 * key encrypts; every key decrypts, so keys can be rotated by putting a new one first.
 * Ciphertext: `v1:<key id>:<iv>:<tag>:<data>`, base64url parts.
 */
export class CredentialVault {
  readonly #keys: readonly VaultKey[];

  constructor(keys: readonly VaultKey[]) {
    if (keys.length === 0) throw new Error('the vault needs at least one key');
    for (const key of keys) {
      if (key.key.length !== 32) throw new Error(`vault key ${key.id} must be 32 bytes`);
    }
    this.#keys = keys;
  }

  /**
   * Keys from `RECADO_ENCRYPTION_KEYS` (`id:base64,id:base64`, the first encrypts); without
   * it, one key derived from the secret with HKDF, id `s1`.
   */
  static fromEnvironment(value: string | undefined, secret: string): CredentialVault {
    if (!value) {
      const derived = Buffer.from(hkdfSync('sha256', secret, 'recado', 'credential vault', 32));
      return new CredentialVault([{ id: 's1', key: derived }]);
    }
    const keys = value.split(',').map((entry) => {
      const [id, encoded] = entry.trim().split(':');
      if (!id || !encoded || !/^[A-Za-z0-9]{1,16}$/.test(id)) {
        throw new RecadoError('RECADO_CONFIG_INVALID', {
          field: 'RECADO_ENCRYPTION_KEYS',
          reason: 'expected id:base64key[,id:base64key]',
        });
      }
      return { id, key: Buffer.from(encoded, 'base64') };
    });
    return new CredentialVault(keys);
  }

  encrypt(plain: string): string {
    const [current] = this.#keys as [VaultKey];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'));
    return `v1:${current.id}:${parts.join(':')}`;
  }

  /** The plain text; a RecadoError when the key is gone or the ciphertext was altered. */
  decrypt(sealed: string): string {
    const match = FORMAT.exec(sealed);
    const key = match && this.#keys.find((candidate) => candidate.id === match[1]);
    if (!match || !key)
      throw new RecadoError('RECADO_VAULT_UNREADABLE', { keyId: match?.[1] ?? '?' });
    try {
      const [iv, tag, data] = match.slice(2).map((part) => Buffer.from(part, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ];
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new RecadoError('RECADO_VAULT_UNREADABLE', { keyId: key.id }, { cause });
    }
  }

  /** Whether a value was sealed with a key other than the current one (to re-encrypt). */
  isStale(sealed: string): boolean {
    return FORMAT.exec(sealed)?.[1] !== this.#keys[0]?.id;
  }
}

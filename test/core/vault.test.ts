import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { CredentialVault } from '../../src/core/vault.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('CredentialVault', () => {
  describe('encrypt', () => {
    it('seals with the current key id and a fresh nonce each time', () => {
      const vault = new CredentialVault([key('k2')]);

      const first = vault.encrypt('senha-do-gmail');
      const second = vault.encrypt('senha-do-gmail');

      expect(first).to.match(/^v1:k2:/);
      expect(first).not.to.equal(second);
      expect(first).not.to.contain('senha');
      expect(vault.decrypt(first)).to.equal('senha-do-gmail');
    });
  });

  describe('decrypt', () => {
    it('opens values sealed with an older key after a rotation', () => {
      const old = key('k1');
      const sealed = new CredentialVault([old]).encrypt('token-zenvia');
      const rotated = new CredentialVault([key('k2'), old]);

      expect(rotated.decrypt(sealed)).to.equal('token-zenvia');
      expect(rotated.isStale(sealed)).to.equal(true);
    });

    it('refuses an altered ciphertext and an unknown key', () => {
      const vault = new CredentialVault([key('k1')]);
      const sealed = vault.encrypt('segredo');
      const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;

      expect(() => vault.decrypt(altered))
        .to.throw(RecadoError)
        .with.property('code', 'RECADO_VAULT_UNREADABLE');
      expect(() => new CredentialVault([key('k9')]).decrypt(sealed)).to.throw(RecadoError);
    });
  });

  describe('fromEnvironment', () => {
    it('derives a stable key from the secret when no keys are configured', () => {
      const sealed = CredentialVault.fromEnvironment(undefined, 's'.repeat(40)).encrypt('x');

      expect(CredentialVault.fromEnvironment(undefined, 's'.repeat(40)).decrypt(sealed)).to.equal(
        'x',
      );
      expect(() =>
        CredentialVault.fromEnvironment(undefined, 't'.repeat(40)).decrypt(sealed),
      ).to.throw(RecadoError);
    });

    it('names the variable when the keys are malformed', () => {
      expect(() => CredentialVault.fromEnvironment('nocolon', 's'.repeat(40)))
        .to.throw(RecadoError)
        .with.nested.property('details.field', 'RECADO_ENCRYPTION_KEYS');
    });
  });
});

import { expect } from 'chai';
import {
  checkBrazilianMobile,
  formatNumber,
  recipientFor,
} from '../../../src/channels/sms/numbers.js';
import { brazilianMobile } from '../../../src/core/compose/addresses.js';

describe('numbers', () => {
  describe('checkBrazilianMobile', () => {
    for (const written of [
      '(11) 98765-4321',
      '11 98765-4321',
      '+55 11 98765-4321',
      '5511987654321',
      '011987654321',
      '0 21 11 98765-4321',
    ]) {
      it(`reads ${written} as 5511987654321`, () => {
        expect(checkBrazilianMobile(written)).to.deep.equal({ ok: true, e164: '5511987654321' });
      });
    }

    it('refuses landlines', () => {
      expect(checkBrazilianMobile('(11) 3333-4444')).to.deep.equal({
        ok: false,
        refusal: 'landline',
      });
      expect(checkBrazilianMobile('551133334444')).to.deep.equal({
        ok: false,
        refusal: 'landline',
      });
    });

    it('refuses malformed numbers and area codes that do not exist', () => {
      for (const written of ['', '123', '11 8765-4321', '20 98765-4321', 'abc', null, undefined]) {
        expect(checkBrazilianMobile(written), String(written)).to.deep.equal({
          ok: false,
          refusal: 'invalid',
        });
      }
    });

    it('refuses numbers of other countries', () => {
      expect(checkBrazilianMobile('+351 912 345 678')).to.deep.equal({
        ok: false,
        refusal: 'foreign',
      });
    });
  });

  describe('formatNumber', () => {
    it('writes E.164 digits with or without + and in national form', () => {
      expect(formatNumber('5511987654321', 'e164_no_plus')).to.equal('5511987654321');
      expect(formatNumber('5511987654321', 'e164_plus')).to.equal('+5511987654321');
      expect(formatNumber('5511987654321', 'national')).to.equal('11987654321');
    });
  });

  describe('recipientFor', () => {
    it('checks again and formats, or gives the refusal', () => {
      expect(recipientFor('+55 (21) 99999-8888', 'national')).to.deep.equal({
        ok: true,
        number: '21999998888',
      });
      expect(recipientFor('2133334444', 'e164_plus')).to.deep.equal({
        ok: false,
        refusal: 'landline',
      });
    });
  });

  describe('brazilianMobile', () => {
    it('gives the composer E.164 digits or undefined', () => {
      expect(brazilianMobile('(84) 99123-4567')).to.equal('5584991234567');
      expect(brazilianMobile('(84) 3211-4567')).to.equal(undefined);
      expect(brazilianMobile(null)).to.equal(undefined);
    });
  });
});

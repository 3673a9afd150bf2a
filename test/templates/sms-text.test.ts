import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { PLUGIN_ROOT } from '../../src/index.js';
import { foldToGsm, gsmSeptets, isGsm7, smsTextInfo } from '../../src/templates/sms-text.js';

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

describe('sms text', () => {
  describe('gsmSeptets', () => {
    it('counts one septet for each of the 127 characters of the basic set', () => {
      expect([...BASIC]).to.have.lengthOf(127);
      for (const character of BASIC) expect(gsmSeptets(character), character).to.equal(1);
    });

    it('counts two septets for the extension table', () => {
      for (const character of '€{}[]~\\|^\f') expect(gsmSeptets(character), character).to.equal(2);
    });

    it('counts nothing for characters outside GSM-7', () => {
      for (const character of ['ç', 'ã', 'õ', 'á', 'ê', 'À', '`', '\u00a0', '“', '😀']) {
        expect(gsmSeptets(character), character).to.equal(0);
      }
    });
  });

  describe('isGsm7', () => {
    it('accepts plain text and the accented letters GSM-7 has', () => {
      expect(isGsm7('Sua fatura vence amanhã')).to.equal(false);
      expect(isGsm7('Sua fatura vence amanha. Até logo, é so pagar à vista! Ç ü ñ')).to.equal(true);
    });
  });

  describe('smsTextInfo', () => {
    it('fits 160 GSM-7 characters in one part and splits 161 into two of 153', () => {
      const full = smsTextInfo('a'.repeat(160));
      const over = smsTextInfo('a'.repeat(161));

      expect(full).to.include({ encoding: 'GSM-7', units: 160, segments: 1, remaining: 0 });
      expect(over).to.include({ segments: 2, unitsPerSegment: 153, remaining: 145 });
    });

    it('fits 153 × 2 GSM-7 characters in two parts and needs a third for one more', () => {
      expect(smsTextInfo('a'.repeat(306)).segments).to.equal(2);
      expect(smsTextInfo('a'.repeat(307))).to.include({ segments: 3, remaining: 152 });
    });

    it('fits 70 UCS-2 characters in one part and splits 71 into two of 67', () => {
      expect(smsTextInfo('ã'.repeat(70))).to.include({
        encoding: 'UCS-2',
        segments: 1,
        unitsPerSegment: 70,
      });
      expect(smsTextInfo('ã'.repeat(71))).to.include({ segments: 2, unitsPerSegment: 67 });
      expect(smsTextInfo('ã'.repeat(134)).segments).to.equal(2);
      expect(smsTextInfo('ã'.repeat(135)).segments).to.equal(3);
    });

    it('counts €, { and [ as two septets and keeps the text GSM-7', () => {
      for (const character of ['€', '{', '[']) {
        expect(smsTextInfo(character.repeat(80)), character).to.include({
          encoding: 'GSM-7',
          characters: 80,
          units: 160,
          segments: 1,
        });
        expect(smsTextInfo(character.repeat(81)).segments, character).to.equal(2);
      }
    });

    it('never splits an extension character across two parts', () => {
      // Part 1 takes 152 septets: the euro does not fit in the one left.
      const info = smsTextInfo(`${'a'.repeat(152)}€${'a'.repeat(152)}`);

      expect(info.units).to.equal(306);
      expect(info.segments).to.equal(3);
    });

    it('counts an emoji as one character, two UTF-16 units, and switches to UCS-2', () => {
      const info = smsTextInfo('Pago 😀');

      expect(info).to.include({ encoding: 'UCS-2', characters: 6, units: 7, segments: 1 });
      expect(info.nonGsmCharacters).to.deep.equal(['😀']);
      expect(smsTextInfo('😀'.repeat(35)).segments).to.equal(1);
      expect(smsTextInfo('😀'.repeat(36)).segments).to.equal(2);
    });

    it('never splits an emoji across two parts', () => {
      const info = smsTextInfo(`${'ã'.repeat(66)}😀${'ã'.repeat(66)}`);

      expect(info.units).to.equal(134);
      expect(info.segments).to.equal(3);
    });

    it('lists each character that forces UCS-2 once, in order', () => {
      expect(smsTextInfo('ação à vista, não').nonGsmCharacters).to.deep.equal(['ç', 'ã']);
      expect(smsTextInfo('tudo certo').nonGsmCharacters).to.deep.equal([]);
    });

    it('counts an empty text as no part', () => {
      expect(smsTextInfo('')).to.include({ segments: 0, units: 0, remaining: 160 });
    });
  });

  describe('foldToGsm', () => {
    it('keeps a typical Portuguese billing text in GSM-7', () => {
      const text =
        'Olá, João! Sua fatura nº 123 de R$\u00a01.234,50 venceu em 03/12. ' +
        'Evite a suspensão do serviço: pague já pelo PIX “copia e cola” — é rápido… Dúvidas? ' +
        'Ligue (11) 3322-4455. Atenção: após 15 dias, o acesso é bloqueado.';

      const folded = foldToGsm(text);

      expect(isGsm7(text)).to.equal(false);
      expect(isGsm7(folded)).to.equal(true);
      expect(folded).to.equal(
        'Ola, Joao! Sua fatura no 123 de R$ 1.234,50 venceu em 03/12. ' +
          'Evite a suspensao do servico: pague ja pelo PIX "copia e cola" - é rapido... Duvidas? ' +
          'Ligue (11) 3322-4455. Atencao: apos 15 dias, o acesso é bloqueado.',
      );
      expect(smsTextInfo(folded).segments).to.be.lessThan(smsTextInfo(text).segments);
    });

    it('keeps the accented letters GSM-7 has, so é stays apart from e', () => {
      expect(foldToGsm('é à ü Ç ñ É Ü Ä Ö ø Å')).to.equal('é à ü Ç ñ É Ü Ä Ö ø Å');
      expect(foldToGsm('Ele é e será')).to.equal('Ele é e sera');
    });

    it('folds letters GSM-7 lacks to their base letter', () => {
      expect(foldToGsm('ç ã õ â ê ô á í ó ú À Á Ã Ê Í Ó Õ Ú')).to.equal(
        'c a o a e o a i o u A A A E I O O U',
      );
    });

    it('makes quotes, dashes, no-break spaces and ordinals plain', () => {
      expect(foldToGsm('‘a’ “b” « c » d–e—f … 1ª 2º\u00a0\u202fg\th')).to.equal(
        '\'a\' "b" " c " d-e-f ... 1a 2o  g h',
      );
    });

    it('leaves emoji, which have no stand-in, so the text stays UCS-2', () => {
      expect(foldToGsm('Obrigado 🙏')).to.equal('Obrigado 🙏');
    });
  });

  it('imports nothing, so a browser page can load it as it is', () => {
    const source = readFileSync(join(PLUGIN_ROOT, 'src/templates/sms-text.ts'), 'utf8');

    expect(source).to.not.match(/^\s*import\s/m);
    expect(source).to.not.match(/\brequire\(/);
  });
});

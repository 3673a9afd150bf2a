import { expect } from 'chai';
import { FilterInputError } from '../../src/templates/filters.js';
import {
  firstName,
  formatDate,
  formatMoney,
  formatPhone,
  TemplateEngine,
  toAscii,
} from '../../src/templates/index.js';

describe('template filters', () => {
  const engine = new TemplateEngine();
  const render = (body: string, data: Record<string, unknown>) =>
    engine.renderText(body, data, 'text');

  describe('money', () => {
    it('formats reais with thousands dots, decimal comma and a plain space', () => {
      expect(formatMoney(1234.5)).to.equal('R$ 1.234,50');
      expect(formatMoney(1234.5)).to.not.include('\u00a0');
    });

    it('rounds to cents and formats zero, millions and negatives', () => {
      expect(formatMoney(0)).to.equal('R$ 0,00');
      expect(formatMoney(1234567.891)).to.equal('R$ 1.234.567,89');
      expect(formatMoney(0.005)).to.equal('R$ 0,01');
      expect(formatMoney(-12.3)).to.equal('-R$ 12,30');
    });

    it('reads a numeric string and renders blank values as nothing', () => {
      expect(formatMoney(' 99.9 ')).to.equal('R$ 99,90');
      expect(formatMoney(null)).to.equal('');
      expect(formatMoney(undefined)).to.equal('');
      expect(formatMoney('  ')).to.equal('');
    });

    it('refuses text, booleans and infinities', () => {
      for (const value of ['abc', '1,50', true, Number.NaN, Infinity, [5]]) {
        expect(() => formatMoney(value), String(value)).to.throw(FilterInputError);
      }
    });

    it('works as a filter in a template', () => {
      expect(render('{{ v | money }}', { v: 129.9 })).to.equal('R$ 129,90');
    });
  });

  describe('date', () => {
    it('formats a date as DD/MM/YYYY by default', () => {
      expect(formatDate('2026-12-03')).to.equal('03/12/2026');
    });

    it('spells the month with long and day_month, in pt-BR by default', () => {
      expect(formatDate('2026-12-03', 'long')).to.equal('3 de dezembro de 2026');
      expect(formatDate('2026-03-01', 'day_month')).to.equal('1 de março');
      expect(formatDate('2026-12-03', 'long', 'es')).to.equal('3 de diciembre de 2026');
      expect(formatDate('2026-12-03', 'long', 'en')).to.equal('December 3, 2026');
    });

    it('shows the time of a date-time with datetime and drops it otherwise', () => {
      expect(formatDate('2026-12-03 14:05:09', 'datetime')).to.equal('03/12/2026 14:05');
      expect(formatDate('2026-12-03 00:05', 'datetime')).to.equal('03/12/2026 00:05');
      expect(formatDate('2026-12-03 23:59:59', 'short')).to.equal('03/12/2026');
    });

    it('keeps the calendar date whatever the time zone of the process', () => {
      expect(formatDate('2026-01-01')).to.equal('01/01/2026');
      expect(formatDate('2024-02-29', 'long')).to.equal('29 de fevereiro de 2024');
    });

    it('refuses dates that do not exist, other shapes and unknown formats', () => {
      for (const value of [
        '2026-02-30',
        '2026-13-01',
        '03/12/2026',
        '2026-12-03 24:00',
        'amanhã',
      ]) {
        expect(() => formatDate(value), value).to.throw(FilterInputError);
      }
      expect(() => formatDate('2026-12-03', 'weekly')).to.throw(FilterInputError);
      expect(() => formatDate('2026-12-03', '%d/%m')).to.throw(FilterInputError);
    });

    it('renders blank values as nothing', () => {
      expect(formatDate(null)).to.equal('');
      expect(formatDate('')).to.equal('');
    });

    it("replaces LiquidJS's strftime date in templates", () => {
      const data = { d: '2026-12-03' };

      expect(render('{{ d | date }}', data)).to.equal('03/12/2026');
      expect(render("{{ d | date: 'long' }}", data)).to.equal('3 de dezembro de 2026');
    });
  });

  describe('first_name', () => {
    it('takes the first word and capitalises it', () => {
      expect(firstName('maria das graças souza')).to.equal('Maria');
    });

    it('handles extra spaces, tabs and all-caps names', () => {
      expect(firstName('   JOÃO    PEDRO  ')).to.equal('João');
      expect(firstName('ÉRICA\tDA SILVA')).to.equal('Érica');
      expect(firstName('ÂNGELA')).to.equal('Ângela');
    });

    it('capitalises each part of a hyphenated name', () => {
      expect(firstName('ANA-CLARA LIMA')).to.equal('Ana-Clara');
    });

    it('keeps a name written in mixed case as its owner wrote it', () => {
      expect(firstName('DeAndre Souza')).to.equal('DeAndre');
      expect(firstName('Maria')).to.equal('Maria');
    });

    it('renders blank values as nothing', () => {
      expect(firstName('   ')).to.equal('');
      expect(firstName(null)).to.equal('');
    });

    it('works as a filter in a template', () => {
      expect(render('{{ n | first_name }}', { n: 'JOSÉ DA SILVA' })).to.equal('José');
    });
  });

  describe('phone', () => {
    it('formats a mobile with country code', () => {
      expect(formatPhone('5511987654321')).to.equal('(11) 98765-4321');
      expect(formatPhone('+55 (11) 98765-4321')).to.equal('(11) 98765-4321');
    });

    it('formats mobiles and landlines with and without area code', () => {
      expect(formatPhone('11987654321')).to.equal('(11) 98765-4321');
      expect(formatPhone('1133224455')).to.equal('(11) 3322-4455');
      expect(formatPhone('551133224455')).to.equal('(11) 3322-4455');
      expect(formatPhone('987654321')).to.equal('98765-4321');
      expect(formatPhone('33224455')).to.equal('3322-4455');
    });

    it('keeps 55 as the area code of Santa Maria when no country code precedes it', () => {
      expect(formatPhone('5532345678')).to.equal('(55) 3234-5678');
      expect(formatPhone('55987654321')).to.equal('(55) 98765-4321');
    });

    it('drops a trunk 0 and formats 0800 numbers', () => {
      expect(formatPhone('011987654321')).to.equal('(11) 98765-4321');
      expect(formatPhone('08001234567')).to.equal('0800 123 4567');
    });

    it('returns a number of any other shape as given', () => {
      expect(formatPhone('123')).to.equal('123');
      expect(formatPhone('+1 415 555 0100')).to.equal('+1 415 555 0100');
      expect(formatPhone(null)).to.equal('');
    });

    it('works as a filter in a template', () => {
      expect(render('{{ p | phone }}', { p: '5519987654321' })).to.equal('(19) 98765-4321');
    });
  });

  describe('ascii', () => {
    it('folds Portuguese accents and cedillas', () => {
      expect(toAscii('Ação')).to.equal('Acao');
      expect(toAscii('Você é ótimo, João! Pão, maçã, ÂNGELA')).to.equal(
        'Voce e otimo, Joao! Pao, maca, ANGELA',
      );
    });

    it('makes typographic quotes, dashes and ellipses plain', () => {
      expect(toAscii('“Olá” — até já…')).to.equal('"Ola" - ate ja...');
      expect(toAscii('nº 5, 1ª via, Straße')).to.equal('no 5, 1a via, Strasse');
    });

    it('drops what has no ASCII form', () => {
      expect(toAscii('Pague já 🎉!')).to.equal('Pague ja !');
    });

    it('works as a filter in a template', () => {
      expect(render('{{ t | ascii }}', { t: 'Cobrança' })).to.equal('Cobranca');
    });
  });
});

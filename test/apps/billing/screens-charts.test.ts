import { expect } from 'chai';
import { barChart, escapeXml, stackedBarChart } from '../../../src/apps/billing/screens/charts.js';

describe('billing charts', () => {
  describe('barChart', () => {
    it('draws one bar per item, the largest full width, with an accessible title', () => {
      const svg = barChart('c', 'Em atraso', 'Total', [
        { label: '1 a 15 dias', value: 50, text: 'R$ 50,00' },
        { label: '<61+>', value: 100 },
      ]);

      expect(svg).to.match(/^<svg [^>]*role="img" aria-labelledby="c-title c-desc"/);
      expect(svg).to.contain('<title id="c-title">Em atraso</title>');
      expect(svg).to.contain('width="165"').and.contain('width="330"');
      expect(svg).to.contain('R$ 50,00').and.contain('&lt;61+&gt;');
    });

    it('draws no bar length when every value is zero', () => {
      const svg = barChart('c', 't', 'd', [{ label: 'a', value: 0 }]);

      expect(svg).to.contain('width="0"');
    });
  });

  describe('stackedBarChart', () => {
    it('stacks the series of each category and writes a legend entry per series', () => {
      const svg = stackedBarChart('s', 'Enviados', 'd', {
        categories: ['2026-12-01', '2026-12-02'],
        series: [
          { label: 'Regra A · E-mail', values: [2, 0] },
          { label: 'Regra A · SMS', values: [1, 3] },
        ],
      });

      expect(svg).to.contain('data-category="2026-12-01" data-total="3"');
      expect(svg).to.contain('data-category="2026-12-02" data-total="3"');
      expect(svg.match(/<rect /g)).to.have.length(3 + 2);
      expect(svg).to.contain('Regra A · SMS');
    });
  });

  describe('escapeXml', () => {
    it('escapes markup and quotes', () => {
      expect(escapeXml('<a href="x">&</a>')).to.equal(
        '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;',
      );
    });
  });
});

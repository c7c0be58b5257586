import { NOTICE_LANGUAGES } from '@offera/contracts';
import { loadPrivacyConfig } from '../config.js';
import { DATA_INVENTORY, LEGAL_BASES, PROCESSING_PURPOSES } from './data-inventory.js';
import { NoticeService } from './notice.service.js';

describe('privacy notice', () => {
  const config = loadPrivacyConfig({
    REQUEST_RECORD_RETENTION_YEARS: '4',
    EXPORT_TTL_DAYS: '9',
    CONSENT_IP_RETENTION_DAYS: '45',
  });
  const notice = new NoticeService(config);

  it.each(NOTICE_LANGUAGES)('states the legal basis of every purpose (%s)', (lang) => {
    const n = notice.notice(lang);
    const section = n.sections.find((s) =>
      ['Legal bases of processing', 'Käsittelyn oikeusperusteet'].includes(s.heading),
    );
    expect(section?.items).toEqual(
      PROCESSING_PURPOSES.map((p) => `${p.purpose[lang]}: ${LEGAL_BASES[p.basis][lang]}`),
    );
    // All four bases the system relies on are named.
    for (const basis of ['contract', 'legal_obligation', 'legitimate_interest', 'consent'] as const)
      expect(section?.items?.some((i) => i.endsWith(LEGAL_BASES[basis][lang]))).toBe(true);
  });

  it.each(NOTICE_LANGUAGES)(
    'states each category’s basis and retention from the inventory and configuration (%s)',
    (lang) => {
      const n = notice.notice(lang);
      expect(n.dataInventory).toHaveLength(DATA_INVENTORY.length);
      DATA_INVENTORY.forEach((item, i) => {
        const row = n.dataInventory[i];
        expect(row.retention).toBe(item.retention[lang]);
        for (const b of item.basis) expect(row.basis).toContain(LEGAL_BASES[b][lang]);
      });
      const data = n.sections.find((s) => s.items?.length === DATA_INVENTORY.length);
      DATA_INVENTORY.forEach((item, i) => {
        expect(data?.items?.[i]).toContain(item.item[lang]);
        expect(data?.items?.[i]).toContain(item.retention[lang]);
      });
      // The configured periods, not fixed text.
      expect(data?.paragraphs.join(' ')).toMatch(/\b4\b.*\b9\b.*\b45\b/);
    },
  );

  it('gives invoices a legal obligation and IP addresses a legitimate interest', () => {
    const en = notice.notice('en').dataInventory;
    expect(en.find((r) => r.item.startsWith('Invoices'))?.basis).toBe('legal obligation (Art. 6(1)(c))');
    expect(en.find((r) => r.item === 'IP address')?.basis).toBe('legitimate interest (Art. 6(1)(f))');
  });
});

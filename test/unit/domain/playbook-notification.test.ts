/**
 * The playbook's `municipality.notification` section (issue 12): how a teacher notifies this
 * municipality (underretning). Optional; when given it is validated with Danish messages naming the
 * path, and it needs at least a link or a phone number.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/domain/playbook.js';
import { notificationContact } from '../../../src/domain/safeguarding.js';
import { DEFAULT_PLAYBOOK_FILE, defaultPlaybook } from '../../../src/playbook/load.js';

const raw = () => JSON.parse(readFileSync(DEFAULT_PLAYBOOK_FILE, 'utf8')) as Record<string, unknown>;
const withNotification = (notification: unknown) => ({ ...raw(), municipality: { name: 'Fjordby Kommune', notification } });
function errorsOf(input: unknown): string[] {
  const r = parsePlaybook(input);
  if (r.ok) throw new Error('expected the playbook to be refused');
  return r.errors;
}

describe("the playbook's notification section", () => {
  it('the default playbook says how to notify Haderslev Kommune: an https link and a phone number', () => {
    const contact = notificationContact(defaultPlaybook());
    expect(contact).toMatchObject({ recipient: 'Børn og Familie, Haderslev Kommune', phone: '74 34 34 34' });
    expect(contact?.url).toMatch(/^https:\/\//);
    expect(contact?.afterHours).toContain('114');
  });

  it('is optional: without it the playbook is valid and there is no contact', () => {
    const { municipality: _left, ...rest } = raw();
    const parsed = parsePlaybook(rest);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(notificationContact(parsed.value)).toBeNull();
    const nameOnly = parsePlaybook({ ...rest, municipality: { name: 'Fjordby Kommune' } });
    expect(nameOnly.ok && notificationContact(nameOnly.value)).toBeNull();
  });

  it('takes a phone number alone, or a link alone', () => {
    const phone = parsePlaybook(withNotification({ recipient: 'Familieafdelingen', phone: '+45 70 10 20 30' }));
    expect(phone.ok && notificationContact(phone.value)).toEqual({ recipient: 'Familieafdelingen', phone: '+45 70 10 20 30' });
    const link = parsePlaybook(withNotification({ recipient: 'Familieafdelingen', url: 'https://fjordby.dk/underretning' }));
    expect(link.ok && notificationContact(link.value)?.url).toBe('https://fjordby.dk/underretning');
  });

  it('needs a link or a phone number, and names the path of each bad entry in Danish', () => {
    expect(errorsOf(withNotification({ recipient: 'Familieafdelingen' }))).toEqual([
      'Feltet "municipality.notification": Angiv mindst en adresse (url) eller et telefonnummer (phone)',
    ]);
    const errors = errorsOf(
      withNotification({ recipient: '', url: 'http://fjordby.dk/underretning', phone: 'ring til os', urlTitle: 'x'.repeat(61), fax: '1' }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'Feltet "municipality.notification.recipient": Teksten må ikke være tom',
        'Feltet "municipality.notification.url": Skal være en https-adresse',
        'Feltet "municipality.notification.phone": Skriv telefonnummeret med cifre og mellemrum, fx "74 34 34 34"',
        'Feltet "municipality.notification.urlTitle": Højst 60 tegn',
      ]),
    );
    expect(errors.some((e) => e.includes('fax'))).toBe(true);
    expect(errorsOf({ ...raw(), municipality: { notification: { recipient: 'X', phone: '74 34 34 34' } } })).toEqual([
      expect.stringContaining('Feltet "municipality.name"'),
    ]);
  });
});

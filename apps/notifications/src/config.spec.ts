import { ConfigError } from '@offera/config';
import { loadNotificationsConfig } from './config.js';

describe('notifications config', () => {
  it('has local defaults: a local SMTP sink, Finnish controller identity, 24 h reminders', () => {
    const c = loadNotificationsConfig({});
    expect(c.smtpUrl).toBe('smtp://127.0.0.1:1025');
    expect(c.controllerName).toBe('Offera Oy');
    expect(c.reminderLeadMinutes).toBe(1440);
    expect(c.suppressionHashKey).toHaveLength(32);
  });

  it('names every bad variable and never echoes a secret', () => {
    let error: unknown;
    try {
      loadNotificationsConfig({
        SMTP_URL: 'http://mail.example',
        SMS_API_URL: 'ftp://sms',
        SUPPRESSION_HASH_KEY: 'c2hvcnQ=',
        DELIVERY_ATTEMPTS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    for (const name of ['SMTP_URL', 'SMS_API_URL', 'SUPPRESSION_HASH_KEY', 'DELIVERY_ATTEMPTS'])
      expect(text).toContain(name);
    expect(text).not.toContain('c2hvcnQ=');
  });

  it('requires the secrets in production', () => {
    expect(() => loadNotificationsConfig({ NODE_ENV: 'production' })).toThrow(
      /SMTP_PASSWORD must be set[\s\S]*SMS_API_KEY must be set[\s\S]*SUPPRESSION_HASH_KEY must be set/,
    );
  });
});

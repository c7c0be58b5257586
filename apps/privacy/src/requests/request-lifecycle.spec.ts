import type { RequestStatus } from '@offera/contracts';
import { REQUEST_STATUSES } from '@offera/contracts';
import type { Clock } from '../clock.js';
import { checkFields } from './privacy-requests.service.js';
import { PrivacyError } from './privacy-requests.errors.js';
import type { EntityManager } from 'typeorm';
import type { PrivacyRequestEntity } from './privacy-request.entity.js';
import { rejectionNotice, RequestLifecycle, SYSTEM } from './request-lifecycle.js';

describe('RequestLifecycle', () => {
  const lifecycle = new RequestLifecycle({} as Clock);
  const allowed = (from: RequestStatus) => REQUEST_STATUSES.filter((to) => lifecycle.canMove(from, to));

  it('follows received → verified → approved | rejected → in progress → completed | failed', () => {
    expect(allowed('received')).toEqual(['verified', 'rejected']);
    expect(allowed('verified')).toEqual(['approved', 'rejected']);
    expect(allowed('approved')).toEqual(['in_progress']);
    expect(allowed('in_progress')).toEqual(['completed', 'failed']);
    expect(allowed('failed')).toEqual(['in_progress']);
  });

  it('never leaves a completed or rejected request', () => {
    expect(allowed('completed')).toEqual([]);
    expect(allowed('rejected')).toEqual([]);
  });

  it('checks every step of a batched move before writing anything', async () => {
    const request = { id: 'r', status: 'received' } as PrivacyRequestEntity;
    const nothing = () => {
      throw new Error('nothing may be written');
    };
    const tx = { getRepository: nothing, query: nothing } as unknown as EntityManager;
    const steps = [
      { to: 'verified', actor: SYSTEM },
      { to: 'in_progress', actor: SYSTEM },
    ] as const;
    await expect(lifecycle.moveAll(tx, request, steps)).rejects.toThrow(
      /A verified request cannot become in_progress/,
    );
    expect(request.status).toBe('received');
  });

  it('tells a rejected subject of the right to complain to the Data Protection Ombudsman', () => {
    expect(rejectionNotice('Manifestly unfounded.')).toBe(
      'Manifestly unfounded. You have the right to lodge a complaint with the Data Protection Ombudsman ' +
        '(tietosuojavaltuutettu), https://tietosuoja.fi.',
    );
  });
});

describe('checkFields', () => {
  it('requires corrected fields on a rectification and drops unset ones', () => {
    expect(checkFields('rectification', { lastName: 'Korhonen', email: undefined })).toEqual({
      lastName: 'Korhonen',
    });
    expect(() => checkFields('rectification', {})).toThrow(PrivacyError);
    expect(() => checkFields('rectification', null)).toThrow(/at least one corrected field/);
  });

  it('refuses fields on any other type', () => {
    expect(checkFields('erasure', undefined)).toBeNull();
    expect(() => checkFields('access', { phone: '+358401234567' })).toThrow(/Only a rectification/);
  });
});

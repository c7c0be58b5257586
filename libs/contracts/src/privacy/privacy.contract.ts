import type { Message } from '../message.js';
import type {
  CreatePrivacyRequestPayload,
  ErasureCompletedPayload,
  ErasureReceipt,
  EraseSubjectPayload,
  GetPrivacyRequestPayload,
  PrivacyRequestView,
} from './privacy.messages.js';

/** Messages the privacy service handles. Names are frozen once in use. */
export interface PrivacyMessages {
  'privacy.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'privacy.create-request': Message<CreatePrivacyRequestPayload, PrivacyRequestView>;
  'privacy.get-request': Message<GetPrivacyRequestPayload, PrivacyRequestView>;
  'privacy.erasure-completed': Message<ErasureCompletedPayload, PrivacyRequestView>;
}

export const PRIVACY_ROUTES: Readonly<Record<keyof PrivacyMessages, 'privacy'>> = {
  'privacy.erase-subject': 'privacy',
  'privacy.create-request': 'privacy',
  'privacy.get-request': 'privacy',
  'privacy.erasure-completed': 'privacy',
};

/** Events the privacy service emits. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- none yet
export interface PrivacyEvents {}

/** Events the privacy service subscribes to. */
export const PRIVACY_SUBSCRIPTIONS = [] as const;

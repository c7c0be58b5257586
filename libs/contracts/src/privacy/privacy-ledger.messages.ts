/** What a customer consents to, beyond the contract. */
export type ConsentPurpose = 'marketing' | 'third_party_disclosure';

export interface RecordCookieConsentPayload {
  /** Pseudonymous id the site keeps in the visitor's cookie. */
  readonly cookieId: string;
  readonly analytics: boolean;
  readonly marketing: boolean;
  readonly policyVersion: string;
  /** The visitor's IP address, kept as proof until its retention period ends. */
  readonly ip: string | null;
}

export interface CookieConsentView {
  readonly id: string;
  readonly cookieId: string;
  readonly necessary: true;
  readonly analytics: boolean;
  readonly marketing: boolean;
  readonly policyVersion: string;
  readonly recordedAt: string;
}

export interface ConsentStateView {
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  /** When the current state was recorded; null if never given. */
  readonly since: string | null;
}

export interface ConsentHistoryEntry {
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly actor: string;
  readonly recordedAt: string;
}

export interface ConsentsView {
  readonly consents: readonly ConsentStateView[];
  readonly history: readonly ConsentHistoryEntry[];
}

export interface GetConsentsPayload {
  readonly subjectId: string;
}

export interface SetConsentsPayload {
  readonly subjectId: string;
  /** 'subject', or the staff account that recorded it. */
  readonly actor: string;
  readonly marketing?: boolean;
  readonly thirdPartyDisclosure?: boolean;
}

export const RECIPIENT_KINDS = ['billing_bank', 'accounting_firm', 'collections', 'third_party'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export const TRANSFER_SAFEGUARDS = [
  'adequacy_decision',
  'standard_contractual_clauses',
  'binding_corporate_rules',
] as const;
export type TransferSafeguard = (typeof TRANSFER_SAFEGUARDS)[number];

export interface RecordDisclosurePayload {
  readonly actorId: string;
  readonly subjectId: string;
  readonly recipientKind: RecipientKind;
  readonly recipientName: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  /** ISO 3166-1 alpha-2 country of the recipient. */
  readonly country: string;
  /** Required when the country is outside the EU/EEA. */
  readonly safeguard?: TransferSafeguard;
}

export interface DisclosureView {
  readonly id: string;
  readonly recipientKind: RecipientKind;
  readonly recipientName: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly country: string;
  readonly outsideEea: boolean;
  readonly safeguard: TransferSafeguard | null;
  readonly disclosedAt: string;
}

export interface ListDisclosuresPayload {
  readonly subjectId: string;
}

export interface RecordAuditPayload {
  readonly actorId: string;
  readonly actorRole: string;
  /** e.g. `customer.viewed`, `identity-code.revealed`. */
  readonly action: string;
  readonly subjectId?: string;
  readonly requestId?: string;
  /** Never personal data. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface AuditEntryView {
  readonly id: string;
  readonly at: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly action: string;
  readonly subjectRef: string | null;
  readonly requestId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface ListAuditPayload {
  readonly actorId: string;
  readonly requestId?: string;
  readonly action?: string;
  /** Entries about this subject (matched by pseudonym). */
  readonly subjectId?: string;
  readonly limit?: number;
}

export const NOTICE_LANGUAGES = ['fi', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export interface GetNoticePayload {
  readonly lang: NoticeLanguage;
}

export interface NoticeSection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly items?: readonly string[];
}

/** The privacy notice (tietosuojaseloste), generated from config and the data inventory. */
export interface PrivacyNotice {
  readonly lang: NoticeLanguage;
  readonly title: string;
  readonly controller: {
    readonly name: string;
    readonly businessId: string;
    readonly address: string;
    readonly email: string;
    readonly phone: string;
  };
  readonly contactPerson: { readonly name: string; readonly email: string };
  readonly sections: readonly NoticeSection[];
  readonly dataInventory: readonly {
    readonly item: string;
    readonly service: string;
    /** The legal basis (or bases) it is processed on. */
    readonly basis: string;
    readonly retention: string;
    readonly erasure: string;
  }[];
}

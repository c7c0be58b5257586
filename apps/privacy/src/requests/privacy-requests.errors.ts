import { ErrorCode } from '@offera/contracts';
import { domainErrorFor } from '@offera/transport';

export enum PrivacyErrorReason {
  NotFound = 'REQUEST_NOT_FOUND',
  InvalidTransition = 'INVALID_TRANSITION',
  SubjectRequired = 'SUBJECT_REQUIRED',
  FieldsRequired = 'FIELDS_REQUIRED',
  FieldsNotAllowed = 'FIELDS_NOT_ALLOWED',
  WrongVerification = 'WRONG_VERIFICATION_METHOD',
  CodeRequired = 'CODE_REQUIRED',
  CodeInvalid = 'CODE_INVALID',
  CodeExpired = 'CODE_EXPIRED',
  NoCodeIssued = 'NO_CODE_ISSUED',
  ExtensionTooLate = 'EXTENSION_TOO_LATE',
  ExtensionTooLong = 'EXTENSION_TOO_LONG',
  ExportNotReady = 'EXPORT_NOT_READY',
  ExportExpired = 'EXPORT_EXPIRED',
  ConsentRequired = 'THIRD_PARTY_CONSENT_REQUIRED',
  SafeguardRequired = 'TRANSFER_SAFEGUARD_REQUIRED',
  NotRestricted = 'NOT_RESTRICTED',
  LinkNotFound = 'LINK_NOT_FOUND',
  LinkUsed = 'LINK_USED',
  LinkExpired = 'LINK_EXPIRED',
  CookieNotFound = 'COOKIE_NOT_FOUND',
  SubjectErased = 'SUBJECT_ERASED',
  ObjectionAbsolute = 'OBJECTION_IS_ABSOLUTE',
}

const CODES: Record<PrivacyErrorReason, ErrorCode> = {
  [PrivacyErrorReason.NotFound]: ErrorCode.NotFound,
  [PrivacyErrorReason.InvalidTransition]: ErrorCode.Conflict,
  [PrivacyErrorReason.SubjectRequired]: ErrorCode.ValidationFailed,
  [PrivacyErrorReason.FieldsRequired]: ErrorCode.ValidationFailed,
  [PrivacyErrorReason.FieldsNotAllowed]: ErrorCode.ValidationFailed,
  [PrivacyErrorReason.WrongVerification]: ErrorCode.Conflict,
  [PrivacyErrorReason.CodeRequired]: ErrorCode.ValidationFailed,
  [PrivacyErrorReason.CodeInvalid]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.CodeExpired]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.NoCodeIssued]: ErrorCode.Conflict,
  [PrivacyErrorReason.ExtensionTooLate]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.ExtensionTooLong]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.ExportNotReady]: ErrorCode.NotFound,
  [PrivacyErrorReason.ExportExpired]: ErrorCode.NotFound,
  [PrivacyErrorReason.ConsentRequired]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.SafeguardRequired]: ErrorCode.ValidationFailed,
  [PrivacyErrorReason.NotRestricted]: ErrorCode.Conflict,
  [PrivacyErrorReason.LinkNotFound]: ErrorCode.NotFound,
  [PrivacyErrorReason.LinkUsed]: ErrorCode.Gone,
  [PrivacyErrorReason.LinkExpired]: ErrorCode.Gone,
  [PrivacyErrorReason.CookieNotFound]: ErrorCode.Unprocessable,
  [PrivacyErrorReason.SubjectErased]: ErrorCode.Forbidden,
  [PrivacyErrorReason.ObjectionAbsolute]: ErrorCode.Unprocessable,
};

/** Handled failures of the privacy service; messages hold no personal data. */
export class PrivacyError extends domainErrorFor(CODES) {}

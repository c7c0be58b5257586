import { ErrorCode } from '@offera/contracts';
import { domainErrorFor } from '@offera/transport';

export enum RegisterErrorReason {
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  AddressNotFound = 'ADDRESS_NOT_FOUND',
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  InvalidInput = 'INVALID_INPUT',
  SubjectRestricted = 'SUBJECT_RESTRICTED',
  EmailTaken = 'EMAIL_TAKEN',
  IdentityCodeTaken = 'IDENTITY_CODE_TAKEN',
  NoIdentityCode = 'NO_IDENTITY_CODE',
  BusinessIdTaken = 'BUSINESS_ID_TAKEN',
}

const CODES: Record<RegisterErrorReason, ErrorCode> = {
  [RegisterErrorReason.CustomerNotFound]: ErrorCode.NotFound,
  [RegisterErrorReason.AddressNotFound]: ErrorCode.NotFound,
  [RegisterErrorReason.AccountNotFound]: ErrorCode.NotFound,
  [RegisterErrorReason.InvalidInput]: ErrorCode.ValidationFailed,
  [RegisterErrorReason.SubjectRestricted]: ErrorCode.Unprocessable,
  [RegisterErrorReason.EmailTaken]: ErrorCode.Conflict,
  [RegisterErrorReason.IdentityCodeTaken]: ErrorCode.Conflict,
  [RegisterErrorReason.NoIdentityCode]: ErrorCode.NotFound,
  [RegisterErrorReason.BusinessIdTaken]: ErrorCode.Conflict,
};

/** Failures of the customer register; messages name fields and reasons, never values. */
export class RegisterError extends domainErrorFor(CODES) {}

export const invalid = (message: string) => new RegisterError(RegisterErrorReason.InvalidInput, message);
export const customerNotFound = () =>
  new RegisterError(RegisterErrorReason.CustomerNotFound, 'Customer not found');
export const restricted = () =>
  new RegisterError(
    RegisterErrorReason.SubjectRestricted,
    'Processing of this record is restricted; it cannot be changed until the restriction is lifted',
  );

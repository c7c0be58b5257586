import { ErrorCode } from '@offera/contracts';
import { domainErrorFor } from '@offera/transport';

export enum AccountsErrorReason {
  EmailTaken = 'EMAIL_TAKEN',
  BadCredentials = 'BAD_CREDENTIALS',
  RefreshTokenInvalid = 'REFRESH_TOKEN_INVALID',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  LoginThrottled = 'LOGIN_THROTTLED',
  WrongPassword = 'WRONG_PASSWORD',
  WeakPassword = 'WEAK_PASSWORD',
  AccountLocked = 'ACCOUNT_LOCKED',
  AccountDeactivated = 'ACCOUNT_DEACTIVATED',
}

const CODES: Record<AccountsErrorReason, ErrorCode> = {
  [AccountsErrorReason.EmailTaken]: ErrorCode.Conflict,
  [AccountsErrorReason.BadCredentials]: ErrorCode.Unauthenticated,
  [AccountsErrorReason.RefreshTokenInvalid]: ErrorCode.Unauthenticated,
  [AccountsErrorReason.RefreshTokenReused]: ErrorCode.Unauthenticated,
  [AccountsErrorReason.LoginThrottled]: ErrorCode.RateLimited,
  [AccountsErrorReason.WrongPassword]: ErrorCode.Forbidden,
  [AccountsErrorReason.WeakPassword]: ErrorCode.ValidationFailed,
  [AccountsErrorReason.AccountLocked]: ErrorCode.Forbidden,
  [AccountsErrorReason.AccountDeactivated]: ErrorCode.Forbidden,
};

/** Account failures the gateway turns into 401/409; messages hold no personal data. */
export class AccountsError extends domainErrorFor(CODES) {}

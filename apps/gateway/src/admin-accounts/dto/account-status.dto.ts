import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_STATUSES, type AccountStatus, type AccountStatusView } from '@offera/contracts';
import { IsIn } from 'class-validator';

export class AccountStatusDto {
  @ApiProperty({
    enum: ACCOUNT_STATUSES,
    description:
      '`locked` or `deactivated` ends every session of the account at once (its access tokens are refused, ' +
      'its refresh tokens revoked) and refuses sign-in; `active` allows sign-in again',
  })
  @IsIn(ACCOUNT_STATUSES, { message: `status must be one of ${ACCOUNT_STATUSES.join(', ')}` })
  status: AccountStatus;
}

export class AccountStatusViewDto implements AccountStatusView {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
}

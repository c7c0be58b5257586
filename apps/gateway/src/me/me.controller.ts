import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { CustomerProfile } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';

export class ProfileDto implements CustomerProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '100001' }) customerNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @Roles('customer')
  @ApiOkResponse({ type: ProfileDto, description: "The signed-in customer's profile" })
  @ApiErrors(401, 403, 404, 429)
  profile(@CurrentUser() user: AuthUser): Promise<CustomerProfile> {
    return this.bus.send('customers.get-profile', { customerId: user.id });
  }
}

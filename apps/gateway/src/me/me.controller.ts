import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AddressView, CustomerProfile, MaskedIdentityCode } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import {
  AddressChangesDto,
  AddressDto,
  AddressInputDto,
  MaskedIdentityCodeDto,
  ProfileChangesDto,
  ProfileDto,
  SetIdentityCodeDto,
} from '../customers/dto/customer-fields.dto.js';
import { actorOf, addAddress, removeAddress, updateAddress } from '../customers/customer-addresses.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { ProfileCache } from './profile-cache.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** The signed-in customer's own record. Every change is recorded in the rectification history. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@Roles('customer')
export class MeController {
  constructor(
    private readonly bus: MessageBus,
    private readonly cache: ProfileCache,
  ) {}

  @Get()
  @Header('cache-control', 'private, no-store')
  @ApiOkResponse({
    type: ProfileDto,
    description:
      "The signed-in customer's profile; identity code masked. May be served from the gateway's memory for up to " +
      'PROFILE_CACHE_TTL_MS, always dropped on a change; send `Cache-Control: no-cache` to read it from the register.',
  })
  @ApiErrors(401, 403, 404, 429)
  profile(
    @CurrentUser() user: AuthUser,
    @Headers('cache-control') cacheControl?: string,
  ): Promise<CustomerProfile> {
    const bypass = cacheControl !== undefined && /no-cache|no-store|max-age=0/i.test(cacheControl);
    return this.cache.get(
      user.id,
      () => this.bus.send('customers.get-profile', { customerId: user.id }),
      bypass,
    );
  }

  @Patch()
  @ApiOkResponse({ type: ProfileDto, description: 'The profile after the change' })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  async update(@CurrentUser() user: AuthUser, @Body() dto: ProfileChangesDto): Promise<CustomerProfile> {
    try {
      return await this.bus.send('customers.update-profile', {
        customerId: user.id,
        actor: actorOf(user),
        changes: { ...dto },
      });
    } finally {
      // The caller reads its own write here, before the service's broadcast arrives.
      this.cache.invalidate(user.id);
    }
  }

  @Get('addresses')
  @ApiOkResponse({ type: [AddressDto] })
  @ApiErrors(401, 403, 404, 429)
  addresses(@CurrentUser() user: AuthUser): Promise<readonly AddressView[]> {
    return this.bus.send('customers.list-addresses', { customerId: user.id });
  }

  @Post('addresses')
  @ApiCreatedResponse({ type: AddressDto })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  addAddress(@CurrentUser() user: AuthUser, @Body() dto: AddressInputDto): Promise<AddressView> {
    return addAddress(this.bus, user, user.id, dto);
  }

  @Patch('addresses/:id')
  @ApiOkResponse({ type: AddressDto })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  updateAddress(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: AddressChangesDto,
  ): Promise<AddressView> {
    return updateAddress(this.bus, user, user.id, id, dto);
  }

  @Delete('addresses/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  async removeAddress(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    await removeAddress(this.bus, user, user.id, id);
  }

  @Put('identity-code')
  @ApiOkResponse({ type: MaskedIdentityCodeDto, description: 'Stored encrypted; answered masked' })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  async setIdentityCode(
    @CurrentUser() user: AuthUser,
    @Body() dto: SetIdentityCodeDto,
  ): Promise<MaskedIdentityCode> {
    try {
      return await this.bus.send('customers.set-identity-code', {
        customerId: user.id,
        actor: actorOf(user),
        identityCode: dto.identityCode,
        purpose: dto.purpose,
      });
    } finally {
      this.cache.invalidate(user.id);
    }
  }
}

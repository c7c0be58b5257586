import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type {
  AddressView,
  CustomerProfile,
  CustomerSummary,
  MaskedIdentityCode,
  RevealedIdentityCode,
  StaffCustomerView,
} from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { actorOf, addAddress, removeAddress, updateAddress } from './customer-addresses.js';
import {
  AddressChangesDto,
  AddressDto,
  AddressInputDto,
  MaskedIdentityCodeDto,
  ProfileChangesDto,
  ProfileDto,
  SetIdentityCodeDto,
} from './dto/customer-fields.dto.js';
import {
  CreateCustomerDto,
  CustomerSummaryDto,
  RevealedIdentityCodeDto,
  RevealIdentityCodeDto,
  SearchCustomersQueryDto,
  StaffCustomerDto,
  ViewCustomerQueryDto,
} from './dto/staff-customers.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Customer service for phone and letter orders. Identity codes are masked unless revealed (audited). */
@ApiTags('admin: customers')
@ApiBearerAuth()
@Controller('admin/customers')
@Roles('operator', 'admin')
export class StaffCustomersController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @Roles('operator', 'dpo', 'admin')
  @ApiOkResponse({ type: [CustomerSummaryDto] })
  @ApiErrors(400, 401, 403, 429)
  search(@Query() query: SearchCustomersQueryDto): Promise<readonly CustomerSummary[]> {
    return this.bus.send('customers.search', { q: query.q, ...(query.limit ? { limit: query.limit } : {}) });
  }

  @Post()
  @ApiCreatedResponse({
    type: StaffCustomerDto,
    description: 'Registered without a password: cannot sign in',
  })
  @ApiErrors(400, 401, 403, 409, 429)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCustomerDto): Promise<StaffCustomerView> {
    const { address, ...fields } = dto;
    return this.bus.send('customers.create-by-staff', {
      actor: actorOf(user),
      ...fields,
      ...(address ? { address: { ...address } } : {}),
    });
  }

  @Get(':id')
  @Roles('operator', 'dpo', 'admin')
  @ApiOkResponse({ type: StaffCustomerDto, description: 'Identity code masked; the view is audited' })
  @ApiErrors(400, 401, 403, 404, 429)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: ViewCustomerQueryDto,
  ): Promise<StaffCustomerView> {
    return this.bus.send('customers.get-customer', {
      customerId: id,
      actor: actorOf(user),
      ...(query.reason ? { reason: query.reason } : {}),
    });
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ProfileChangesDto,
  ): Promise<CustomerProfile> {
    return this.bus.send('customers.update-profile', {
      customerId: id,
      actor: actorOf(user),
      changes: { ...dto },
    });
  }

  @Post(':id/addresses')
  @ApiCreatedResponse({ type: AddressDto })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  addAddress(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: AddressInputDto,
  ): Promise<AddressView> {
    return addAddress(this.bus, user, id, dto);
  }

  @Patch(':id/addresses/:addressId')
  @ApiOkResponse({ type: AddressDto })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  updateAddress(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('addressId', uuid) addressId: string,
    @Body() dto: AddressChangesDto,
  ): Promise<AddressView> {
    return updateAddress(this.bus, user, id, addressId, dto);
  }

  @Delete(':id/addresses/:addressId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  async removeAddress(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('addressId', uuid) addressId: string,
  ): Promise<void> {
    await removeAddress(this.bus, user, id, addressId);
  }

  @Put(':id/identity-code')
  @ApiOkResponse({ type: MaskedIdentityCodeDto })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  setIdentityCode(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: SetIdentityCodeDto,
  ): Promise<MaskedIdentityCode> {
    return this.bus.send('customers.set-identity-code', {
      customerId: id,
      actor: actorOf(user),
      identityCode: dto.identityCode,
      purpose: dto.purpose,
    });
  }

  @Post(':id/identity-code/reveal')
  @HttpCode(200)
  @Roles('operator', 'dpo', 'admin')
  @ApiOkResponse({ type: RevealedIdentityCodeDto, description: 'The code in clear; the reveal is audited' })
  @ApiErrors(400, 401, 403, 404, 429)
  reveal(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: RevealIdentityCodeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RevealedIdentityCode> {
    // Nothing between here and the screen may keep a copy.
    void reply.header('cache-control', 'no-store');
    return this.bus.send('customers.reveal-identity-code', {
      customerId: id,
      actor: actorOf(user),
      reason: dto.reason,
    });
  }
}

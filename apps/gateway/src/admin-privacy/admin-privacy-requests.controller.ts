import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { StaffRequestView, SubjectExportDocument, VerificationCodeIssued } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { Idempotent, RequestKey } from '../idempotency/idempotency.decorators.js';
import {
  ApproveRequestDto,
  ExtendRequestDto,
  ListRequestsQueryDto,
  RejectRequestDto,
  StaffCreateRequestDto,
  StaffExportDto,
  StaffRequestDto,
  VerificationCodeIssuedDto,
  VerifyRequestDto,
} from './admin-privacy.dto.js';

const RequestId = () => new ParseUUIDPipe({ version: '4' });

/** The DPO's request handling. Staff (operator, dpo) may enter a request; only the DPO handles it. */
@ApiTags('admin: privacy')
@ApiBearerAuth()
@Roles('dpo')
@Controller('admin/privacy/requests')
export class AdminPrivacyRequestsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOkResponse({ type: [StaffRequestDto], description: 'Soonest due first' })
  @ApiErrors(400, 401, 403, 429)
  list(
    @CurrentUser() user: AuthUser,
    @Query() q: ListRequestsQueryDto,
  ): Promise<readonly StaffRequestView[]> {
    return this.bus.send('privacy.list-requests', {
      actorId: user.id,
      ...(q.status ? { status: q.status } : {}),
      ...(q.due ? { due: q.due } : {}),
      ...(q.possiblyExcessive !== undefined ? { possiblyExcessive: q.possiblyExcessive } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
  }

  /** A request received by letter or email; an open one of the same type is returned instead. */
  @Post()
  @Roles('dpo', 'operator')
  @Idempotent()
  @HttpCode(201)
  @ApiCreatedResponse({ type: StaffRequestDto })
  @ApiErrors(400, 401, 403, 422, 429)
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: StaffCreateRequestDto,
    @RequestKey() requestKey: string | undefined,
  ): Promise<StaffRequestView> {
    return this.bus.send('privacy.staff-create-request', {
      actorId: user.id,
      actorRole: user.role,
      type: dto.type,
      verification: dto.verification,
      ...(dto.subjectId ? { subjectId: dto.subjectId } : {}),
      ...(dto.cookieId ? { cookieId: dto.cookieId } : {}),
      ...(dto.fields ? { fields: { ...dto.fields } } : {}),
      ...(dto.receivedVia ? { receivedVia: dto.receivedVia } : {}),
      ...(dto.contact
        ? { contact: { email: dto.contact.email, language: dto.contact.language ?? 'fi' } }
        : {}),
      ...(requestKey ? { requestKey } : {}),
    });
  }

  /** The export, for staff to post to a requester who cannot sign in or receive a link (audited). */
  @Post(':id/export')
  @HttpCode(200)
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The export document; the download is audited with its reason' })
  @ApiErrors(400, 401, 403, 404, 429)
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Body() dto: StaffExportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubjectExportDocument> {
    const document = await this.bus.send('privacy.staff-get-export', {
      requestId: id,
      actorId: user.id,
      actorRole: user.role,
      reason: dto.reason,
    });
    void reply.header('content-disposition', `attachment; filename="offera-data-${id}.json"`);
    void reply.header('cache-control', 'no-store');
    return document;
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffRequestDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', RequestId()) id: string): Promise<StaffRequestView> {
    return this.bus.send('privacy.staff-get-request', { requestId: id, actorId: user.id });
  }

  /** Sends (again) a one-time code to the subject's address on file. */
  @Post(':id/verification-code')
  @HttpCode(201)
  @ApiCreatedResponse({ type: VerificationCodeIssuedDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  issueCode(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
  ): Promise<VerificationCodeIssued> {
    return this.bus.send('privacy.issue-verification-code', { requestId: id, actorId: user.id });
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffRequestDto })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  verify(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Body() dto: VerifyRequestDto,
  ): Promise<StaffRequestView> {
    return this.bus.send('privacy.verify-request', {
      requestId: id,
      actorId: user.id,
      method: dto.method,
      ...(dto.code ? { code: dto.code } : {}),
    });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffRequestDto, description: 'Approved and started' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Body() dto: ApproveRequestDto,
  ): Promise<StaffRequestView> {
    return this.bus.send('privacy.approve-request', {
      requestId: id,
      actorId: user.id,
      ...(dto.note ? { reason: dto.note } : {}),
    });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffRequestDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Body() dto: RejectRequestDto,
  ): Promise<StaffRequestView> {
    return this.bus.send('privacy.reject-request', { requestId: id, actorId: user.id, reason: dto.reason });
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffRequestDto, description: 'The due date moved; the subject is told' })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  extend(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Body() dto: ExtendRequestDto,
  ): Promise<StaffRequestView> {
    return this.bus.send('privacy.extend-request', {
      requestId: id,
      actorId: user.id,
      months: dto.months,
      reason: dto.reason,
    });
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffRequestDto, description: 'A failed request is run again' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  retry(@CurrentUser() user: AuthUser, @Param('id', RequestId()) id: string): Promise<StaffRequestView> {
    return this.bus.send('privacy.retry-request', { requestId: id, actorId: user.id });
  }
}

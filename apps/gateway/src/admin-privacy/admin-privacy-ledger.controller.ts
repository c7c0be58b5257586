import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditEntryView, DisclosureView, RestrictionLifted } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { DisclosureDto } from '../privacy/privacy-disclosures.controller.js';
import {
  AuditEntryDto,
  AuditQueryDto,
  LiftRestrictionDto,
  RecordDisclosureDto,
  RestrictionLiftedDto,
} from './admin-privacy.dto.js';

@ApiTags('admin: privacy')
@ApiBearerAuth()
@Roles('dpo')
@Controller('admin')
export class AdminPrivacyLedgerController {
  constructor(private readonly bus: MessageBus) {}

  /** Art. 19 register: a disclosure of a subject's data to a recipient. */
  @Post('privacy/disclosures')
  @HttpCode(201)
  @ApiCreatedResponse({ type: DisclosureDto })
  @ApiErrors(400, 401, 403, 422, 429)
  disclose(@CurrentUser() user: AuthUser, @Body() dto: RecordDisclosureDto): Promise<DisclosureView> {
    return this.bus.send('privacy.record-disclosure', {
      actorId: user.id,
      subjectId: dto.subjectId,
      recipientKind: dto.recipientKind,
      recipientName: dto.recipientName,
      purpose: dto.purpose,
      categories: [...dto.categories],
      country: dto.country,
      ...(dto.safeguard ? { safeguard: dto.safeguard } : {}),
    });
  }

  /** Art. 18(3): ends a restriction of processing; every service and the subject are told. */
  @Post('privacy/subjects/:subjectId/restriction/lift')
  @HttpCode(200)
  @ApiOkResponse({ type: RestrictionLiftedDto })
  @ApiErrors(400, 401, 403, 409, 429)
  lift(
    @CurrentUser() user: AuthUser,
    @Param('subjectId', new ParseUUIDPipe({ version: '4' })) subjectId: string,
    @Body() dto: LiftRestrictionDto,
  ): Promise<RestrictionLifted> {
    return this.bus.send('privacy.lift-restriction', { actorId: user.id, subjectId, reason: dto.reason });
  }

  /** The append-only audit log, newest first; reading it is itself recorded. */
  @Get('audit')
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrors(400, 401, 403, 429)
  audit(@CurrentUser() user: AuthUser, @Query() q: AuditQueryDto): Promise<readonly AuditEntryView[]> {
    return this.bus.send('privacy.list-audit', {
      actorId: user.id,
      ...(q.requestId ? { requestId: q.requestId } : {}),
      ...(q.subjectId ? { subjectId: q.subjectId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
  }
}

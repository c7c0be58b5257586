import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Role, SubjectExportDocument } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { Idempotent, RequestKey } from '../idempotency/idempotency.decorators.js';
import { StrictRateLimit } from '../rate-limit/rate-limit.guard.js';
import {
  AcceptedRequestDto,
  CreatePrivacyRequestDto,
  PrivacyRequestDto,
  VerifiedDto,
  VerifyByCodeDto,
} from './dto/privacy-request.dto.js';
import { portabilityArchive } from './portability-archive.js';

const RequestId = () => new ParseUUIDPipe({ version: '4' });

/** Providers and staff are data subjects too: each may make requests about their own data. */
const DATA_SUBJECT_ROLES: readonly Role[] = [
  'customer',
  'provider',
  'operator',
  'dpo',
  'accountant',
  'admin',
];

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/requests')
export class PrivacyRequestsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @HttpCode(202)
  @Roles(...DATA_SUBJECT_ROLES)
  @Idempotent()
  @ApiAcceptedResponse({
    type: AcceptedRequestDto,
    description:
      'Received; it is executed in the background. The same request again within minutes (a retry) answers with the first one.',
  })
  @ApiErrors(400, 401, 403, 422, 429)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePrivacyRequestDto,
    @RequestKey() requestKey: string | undefined,
  ): Promise<AcceptedRequestDto> {
    const view = await this.bus.send('privacy.create-request', {
      subjectId: user.id,
      type: dto.type,
      requestedBy: { kind: 'subject' },
      verification: 'signed_in_session',
      ...(dto.cookieId ? { cookieId: dto.cookieId } : {}),
      ...(dto.fields ? { fields: { ...dto.fields } } : {}),
      ...(requestKey ? { requestKey } : {}),
    });
    return { id: view.id, status: view.status };
  }

  @Get(':id')
  @Roles(...DATA_SUBJECT_ROLES)
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', RequestId()) id: string): Promise<PrivacyRequestDto> {
    return this.bus.send('privacy.get-request', {
      requestId: id,
      subjectId: user.id,
    }) as Promise<PrivacyRequestDto>;
  }

  /**
   * Access: the JSON document; portability: a zip of that JSON and one CSV per dataset. For 7
   * days after it is ready.
   */
  @Get(':id/export')
  @Roles(...DATA_SUBJECT_ROLES)
  @ApiProduces('application/json', 'application/zip')
  @ApiOkResponse({ description: 'Your data from every service, with the Art. 15 information' })
  @ApiErrors(400, 401, 403, 404, 429)
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', RequestId()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubjectExportDocument | Buffer> {
    const document = await this.bus.send('privacy.get-export', { requestId: id, subjectId: user.id });
    void reply.header('cache-control', 'no-store');
    if (document.type === 'portability') {
      void reply.header('content-disposition', `attachment; filename="offera-data-${id}.zip"`);
      void reply.type('application/zip');
      return Buffer.from(portabilityArchive(document));
    }
    void reply.header('content-disposition', `attachment; filename="offera-data-${id}.json"`);
    return document;
  }

  /** A request made by letter or email is verified with the code sent to the address on file. */
  @Post(':id/verification')
  @Public()
  @StrictRateLimit()
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedDto })
  @ApiErrors(400, 404, 409, 422, 429)
  verify(@Param('id', RequestId()) id: string, @Body() dto: VerifyByCodeDto): Promise<VerifiedDto> {
    return this.bus.send('privacy.verify-by-code', { requestId: id, code: dto.code });
  }
}

import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { PrivacyRequestView, SubjectExportDocument } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { StrictRateLimit } from '../rate-limit/rate-limit.guard.js';

/** What a link token looks like (32 random bytes, base64url); anything else is no link. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * One-time links for requesters who cannot sign in: an erasure's receipts (the account is gone)
 * or an export requested by letter. The token is the credential; it works once, until it expires.
 */
@ApiTags('privacy')
@Controller('privacy/links')
export class PrivacyLinksController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':token')
  @Public()
  @StrictRateLimit()
  @ApiProduces('application/json')
  @ApiOkResponse({
    description:
      "An erasure's receipts (what each service erased and withheld, why and until when), or the export",
  })
  @ApiErrors(404, 410, 429)
  async open(
    @Param('token') token: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PrivacyRequestView | SubjectExportDocument> {
    if (!TOKEN.test(token)) throw new NotFoundException('This link is not valid');
    const content = await this.bus.send('privacy.open-link', { token });
    void reply.header('cache-control', 'no-store');
    void reply.header('referrer-policy', 'no-referrer');
    if (content.purpose === 'receipts') return content.request;
    void reply.header(
      'content-disposition',
      `attachment; filename="offera-data-${content.document.requestId}.json"`,
    );
    return content.document;
  }
}

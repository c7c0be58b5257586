import { Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeController } from '@nestjs/swagger';
import { ErrorCode } from '@offera/contracts';
import { MessageBus, RemoteError } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import {
  isOneClickBody,
  type PageLanguage,
  parseUnsubscribeQuery,
  renderUnsubscribePage,
  type UnsubscribePage,
} from './unsubscribe-page.js';

const INVALID_LINK = 'INVALID_UNSUBSCRIBE_LINK';

/**
 * The unsubscribe link of every marketing message (`/unsubscribe`, outside the API prefix:
 * it is opened by people and mail clients, not API clients). GET only shows a page with a
 * button, so link scanners cannot unsubscribe anyone; POST with `List-Unsubscribe=One-Click`
 * (RFC 8058, also what the button sends) is the objection to direct marketing. The token is
 * checked by the notifications service, which holds its key; a bad one is a 400 that changes nothing.
 */
@ApiExcludeController()
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  async page(@Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { language, valid } = parseUnsubscribeQuery(query);
    if (!valid) return this.answer(reply, 400, 'invalid', language);
    const result = await this.check(valid.token, false);
    if (!result) return this.answer(reply, 400, 'invalid', language);
    return this.answer(reply, 200, result.unsubscribed ? 'already' : 'confirm', language, valid.token);
  }

  @Post()
  @ApiBody({ schema: { type: 'string', example: 'List-Unsubscribe=One-Click' } })
  async oneClick(
    @Query() query: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { language, valid } = parseUnsubscribeQuery(query);
    if (!valid || !isOneClickBody(contentType, body)) return this.answer(reply, 400, 'invalid', language);
    const result = await this.check(valid.token, true);
    if (!result) return this.answer(reply, 400, 'invalid', language);
    return this.answer(reply, 200, 'done', language);
  }

  /** null for a link the notifications service refuses; anything else (a timeout) is a 5xx. */
  private async check(token: string, confirm: boolean): Promise<{ unsubscribed: boolean } | null> {
    try {
      return await this.bus.send('notifications.unsubscribe', { token, confirm });
    } catch (error) {
      if (
        error instanceof RemoteError &&
        error.code === ErrorCode.ValidationFailed &&
        error.reason === INVALID_LINK
      )
        return null;
      throw error;
    }
  }

  private answer(
    reply: FastifyReply,
    status: number,
    page: UnsubscribePage,
    language: PageLanguage,
    token?: string,
  ): void {
    void reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8')
      .send(renderUnsubscribePage(page, { language, token }));
  }
}

import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { StrictRateLimit } from '../rate-limit/rate-limit.guard.js';
import { Public } from './auth.decorators.js';
import { withRetryAfter } from './retry-after.js';
import { LoginDto, RefreshDto, RegisteredDto, RegisterDto, TokensDto } from './dto/auth.dto.js';
import { TokenService } from './token.service.js';

@ApiTags('auth')
@Controller('auth')
@Public()
@StrictRateLimit()
export class AuthController {
  constructor(
    private readonly bus: MessageBus,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @ApiCreatedResponse({ type: RegisteredDto, description: 'The customer account was created and signed in' })
  @ApiErrors(400, 409, 429)
  async register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<RegisteredDto> {
    const tokens = await this.tokens.open(() => this.bus.send('customers.register', { ...dto, ip }));
    return { ...tokens, customerId: tokens.accountId };
  }

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokensDto })
  @ApiErrors(400, 401, 429)
  async login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    // 429 with Retry-After after too many failures for the account or from the IP.
    return this.tokens.open(() => withRetryAfter(reply, this.bus.send('customers.login', { ...dto, ip })));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokensDto, description: 'A new token pair; the presented refresh token is spent' })
  @ApiErrors(400, 401, 429)
  async refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.tokens.open(() => this.bus.send('customers.refresh', dto));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiErrors(400, 429)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.bus.send('customers.logout', dto);
  }
}

import { Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';

/** `/account` and `/auth/change-password` for any signed-in role. */
@Module({ controllers: [AccountController] })
export class AccountModule {}

import { Module } from '@nestjs/common';
import { AdminAccountsController } from './admin-accounts.controller.js';

/** `/admin/accounts`: staff and provider accounts. */
@Module({ controllers: [AdminAccountsController] })
export class AdminAccountsModule {}

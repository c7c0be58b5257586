import { Module } from '@nestjs/common';
import { AdminPrivacyLedgerController } from './admin-privacy-ledger.controller.js';
import { AdminPrivacyRequestsController } from './admin-privacy-requests.controller.js';

/** The DPO's routes: request handling, the disclosure register and the audit log. */
@Module({ controllers: [AdminPrivacyRequestsController, AdminPrivacyLedgerController] })
export class AdminPrivacyModule {}

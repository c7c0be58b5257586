import { Module } from '@nestjs/common';
import { ConsentsController } from './consents.controller.js';

/** The consent ledger's routes: cookie consent (public) and a customer's consents. */
@Module({ controllers: [ConsentsController] })
export class ConsentsModule {}

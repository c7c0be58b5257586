import { Module } from '@nestjs/common';
import { ProviderController } from './provider.controller.js';

/** The provider app: offers, jobs, comments, starting, completing and releasing visits. */
@Module({ controllers: [ProviderController] })
export class ProviderModule {}

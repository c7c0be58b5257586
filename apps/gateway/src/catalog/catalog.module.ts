import { Module } from '@nestjs/common';
import { AdminCatalogController, CatalogController } from './catalog.controller.js';

/** The public catalogue and its administration. */
@Module({ controllers: [CatalogController, AdminCatalogController] })
export class CatalogModule {}

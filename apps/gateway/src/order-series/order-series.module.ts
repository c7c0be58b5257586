import { Module } from '@nestjs/common';
import { OrderSeriesController } from './order-series.controller.js';

/** Recurring cleaning: create a series, skip, move, pause, end or change it from a visit on. */
@Module({ controllers: [OrderSeriesController] })
export class OrderSeriesModule {}

import { Module } from '@nestjs/common';
import { AdminOrdersController } from './admin-orders.controller.js';
import { OrdersController } from './orders.controller.js';

/** Customers' orders, and the back office's offer and held-invoice routes. */
@Module({ controllers: [OrdersController, AdminOrdersController] })
export class OrdersModule {}

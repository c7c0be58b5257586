import { Module } from '@nestjs/common';
import { StaffCustomersController } from './staff-customers.controller.js';

/** `/admin/customers`: operators' customer service. */
@Module({ controllers: [StaffCustomersController] })
export class StaffCustomersModule {}

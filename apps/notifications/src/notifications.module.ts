import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import type { NotificationsConfig } from './config.js';
import { CustomerRegisteredHandler } from './messages/customer-registered.handler.js';
import { OutgoingMessageEntity } from './messages/outgoing-message.entity.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';

export const NOTIFICATIONS_ENTITIES = [OutgoingMessageEntity];

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      imports: workerInfrastructure('notifications', config, NOTIFICATIONS_ENTITIES),
      controllers: [CustomerRegisteredHandler, EraseSubjectHandler],
      providers: [{ provide: APP_CONFIG, useValue: config }],
    };
  }
}

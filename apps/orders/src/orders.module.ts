import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import { CatalogItemEntity } from './catalog/catalog-item.entity.js';
import { CatalogPriceEntity } from './catalog/catalog-price.entity.js';
import { CatalogHandlers } from './catalog/catalog.handlers.js';
import { CatalogService } from './catalog/catalog.service.js';
import type { OrdersConfig } from './config.js';
import { DiscountCodeEntity } from './discounts/discount-code.entity.js';
import { DiscountCodesHandlers } from './discounts/discount-codes.handlers.js';
import { DiscountCodesService } from './discounts/discount-codes.service.js';
import { DiscountRedemptionEntity } from './discounts/discount-redemption.entity.js';
import { BuyerNames } from './invoices/buyer-names.js';
import { InvoiceEntity } from './invoices/invoice.entity.js';
import { CustomerInvoicesHandlers } from './invoices/customer-invoices.handlers.js';
import { CustomerInvoicesService } from './invoices/customer-invoices.service.js';
import { InvoicesHandlers } from './invoices/invoices.handlers.js';
import { InvoicesService } from './invoices/invoices.service.js';
import { JobSchedules } from './jobs/job-schedules.js';
import { EligibleProviders } from './offers/eligible-providers.js';
import { OffersHandlers } from './offers/offers.handlers.js';
import { OffersService } from './offers/offers.service.js';
import { OrderOfferEntity } from './offers/order-offer.entity.js';
import { CancellationPreviewService } from './orders/cancellation-preview.service.js';
import { AnonymousQuoteService } from './orders/anonymous-quote.service.js';
import { SavedAddresses } from './orders/saved-addresses.js';
import { OrderCommentEntity } from './orders/order-comment.entity.js';
import { OrderPricingService } from './orders/order-pricing.service.js';
import { OrderRatingEntity } from './orders/order-rating.entity.js';
import { OrderEntity } from './orders/order.entity.js';
import { OrdersHandlers } from './orders/orders.handlers.js';
import { OrdersService } from './orders/orders.service.js';
import { AccountStatusHandler } from './privacy/account-status.handler.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';
import { SubjectRestrictionEntity } from './privacy/subject-restriction.entity.js';
import { PortabilityExport } from './privacy/portability-export.js';
import { SubjectRightsHandlers } from './privacy/subject-rights.handlers.js';
import { OrderSeriesEntity } from './series/order-series.entity.js';
import { SeriesHandlers } from './series/series.handlers.js';
import { SeriesService } from './series/series.service.js';
import { VisitsHandlers } from './visits/visits.handlers.js';
import { VisitsService } from './visits/visits.service.js';

export const ORDERS_ENTITIES = [
  CatalogItemEntity,
  CatalogPriceEntity,
  DiscountCodeEntity,
  DiscountRedemptionEntity,
  OrderEntity,
  OrderCommentEntity,
  OrderRatingEntity,
  OrderOfferEntity,
  OrderSeriesEntity,
  InvoiceEntity,
  SubjectRestrictionEntity,
];

@Module({})
export class OrdersModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersModule,
      imports: workerInfrastructure('orders', config, ORDERS_ENTITIES),
      controllers: [
        CatalogHandlers,
        DiscountCodesHandlers,
        OrdersHandlers,
        SeriesHandlers,
        OffersHandlers,
        VisitsHandlers,
        InvoicesHandlers,
        CustomerInvoicesHandlers,
        EraseSubjectHandler,
        AccountStatusHandler,
        SubjectRightsHandlers,
      ],
      providers: [
        PortabilityExport,
        { provide: APP_CONFIG, useValue: config },
        CatalogService,
        DiscountCodesService,
        OrderPricingService,
        OrdersService,
        CancellationPreviewService,
        SavedAddresses,
        AnonymousQuoteService,
        SeriesService,
        EligibleProviders,
        OffersService,
        InvoicesService,
        CustomerInvoicesService,
        BuyerNames,
        VisitsService,
        JobSchedules,
      ],
    };
  }
}

import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '@offera/config';
import type { CustomerInvoiceView, DeductionSummaryView, OrdersPage } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { GatewayConfig } from '../config.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { PageQueryDto } from '../orders/dto/order-input.dto.js';
import {
  CustomerInvoiceDto,
  CustomerInvoicePageDto,
  DeductionSummaryDto,
  TaxYearParam,
} from './dto/invoice.dto.js';
import { deductionSummaryPdf, invoicePdf, type Seller } from './invoice-pdf.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** The customer's own invoices and the yearly household-deduction summary, as JSON or PDF. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
@Roles('customer')
export class InvoicesController {
  private readonly seller: Seller;

  constructor(
    private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.seller = {
      name: config.controllerName,
      businessId: config.controllerBusinessId,
      address: config.controllerAddress,
      email: config.controllerEmail,
    };
  }

  @Get('invoices')
  @ApiOkResponse({ type: CustomerInvoicePageDto, description: 'Your invoices, newest first' })
  @ApiErrors(400, 401, 403, 429)
  list(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<OrdersPage<CustomerInvoiceView>> {
    return this.bus.send('orders.list-customer-invoices', {
      customerId: user.id,
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 20,
    });
  }

  @Get('invoices/:id')
  @ApiOkResponse({ type: CustomerInvoiceDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CustomerInvoiceView> {
    return this.bus.send('orders.get-customer-invoice', { customerId: user.id, invoiceId: id });
  }

  @Get('invoices/:id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The invoice as a PDF' })
  @ApiErrors(400, 401, 403, 404, 429)
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const invoice = await this.bus.send('orders.get-customer-invoice', {
      customerId: user.id,
      invoiceId: id,
    });
    const bytes = await invoicePdf(invoice, this.seller);
    return pdfReply(reply, `offera-lasku-${invoice.number}.pdf`, bytes);
  }

  @Get('household-deduction/:year')
  @ApiOkResponse({ type: DeductionSummaryDto, description: 'Work share paid in the tax year, per invoice' })
  @ApiErrors(400, 401, 403, 429)
  deduction(@CurrentUser() user: AuthUser, @Param() p: TaxYearParam): Promise<DeductionSummaryView> {
    return this.bus.send('orders.deduction-summary', { customerId: user.id, year: p.year });
  }

  @Get('household-deduction/:year/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The yearly summary as a PDF, for the tax return' })
  @ApiErrors(400, 401, 403, 429)
  async deductionPdf(
    @CurrentUser() user: AuthUser,
    @Param() p: TaxYearParam,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const [summary, profile] = await Promise.all([
      this.bus.send('orders.deduction-summary', { customerId: user.id, year: p.year }),
      this.bus.send('customers.get-profile', { customerId: user.id }),
    ]);
    const bytes = await deductionSummaryPdf(summary, this.seller, `${profile.firstName} ${profile.lastName}`);
    return pdfReply(reply, `offera-kotitalousvahennys-${p.year}.pdf`, bytes);
  }
}

function pdfReply(reply: FastifyReply, filename: string, bytes: Uint8Array): Buffer {
  void reply.header('content-type', 'application/pdf');
  void reply.header('content-disposition', `attachment; filename="${filename}"`);
  void reply.header('cache-control', 'private, no-store');
  return Buffer.from(bytes);
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { InvoiceDto } from '../../orders/dto/order-output.dto.js';

class InvoiceVatDto {
  @ApiProperty({ example: 2550 }) rateBp: number;
  @ApiProperty() netCents: number;
  @ApiProperty() vatCents: number;
  @ApiProperty() grossCents: number;
}

export class CustomerInvoiceDto extends InvoiceDto {
  @ApiProperty({ format: 'date', example: '2026-12-20' }) dueDate: string;
  @ApiProperty({ description: 'Finnish national reference number (viitenumero)', example: '10 00424' })
  paymentReference: string;
  @ApiProperty({ type: [InvoiceVatDto] }) vatBreakdown: InvoiceVatDto[];
}

export class CustomerInvoicePageDto {
  @ApiProperty({ type: [CustomerInvoiceDto] }) items: CustomerInvoiceDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

class DeductionItemDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty() invoiceNumber: number;
  @ApiProperty({ format: 'date' }) invoiceDate: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) orderId: string | null;
  @ApiProperty() totalGrossCents: number;
  @ApiProperty({ description: 'Work share, VAT included, that qualifies for the deduction' })
  workCents: number;
}

class DeductionEstimateDto {
  @ApiProperty({ example: 3500 }) rateBp: number;
  @ApiProperty() deductibleCents: number;
  @ApiProperty() maxCents: number;
  @ApiProperty({ description: 'For one person; spouses each have their own' }) estimatedCents: number;
  @ApiProperty() parametersYear: number;
}

export class DeductionSummaryDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: [DeductionItemDto] }) items: DeductionItemDto[];
  @ApiProperty() totalGrossCents: number;
  @ApiProperty() totalWorkCents: number;
  @ApiProperty({ type: DeductionEstimateDto }) estimate: DeductionEstimateDto;
}

/** The tax year in the path. */
export class TaxYearParam {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2001)
  @Max(9999)
  year: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from '@offera/contracts';
import { IsIn } from 'class-validator';

export class CreatePrivacyRequestDto {
  @ApiProperty({
    enum: REQUEST_TYPES,
    description:
      'access (Art. 15), portability (20), rectification (16), erasure (17), restriction (18), objection (21)',
  })
  @IsIn(REQUEST_TYPES, { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type: RequestType;
}

export class AcceptedRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
}

class WithheldItemDto {
  @ApiProperty({ example: 'invoice' }) category: string;
  @ApiProperty({ example: 'Kirjanpitolaki 2:10 §' }) basis: string;
  @ApiProperty({ format: 'date' }) until: string;
  @ApiPropertyOptional() count?: number;
}

class ReceiptDto {
  @ApiProperty({ enum: ['customers', 'orders', 'notifications', 'privacy'] }) service: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { customers: 1 } })
  erased: Record<string, number>;
  @ApiProperty({ type: [WithheldItemDto] }) withheld: WithheldItemDto[];
}

export class PrivacyRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REQUEST_TYPES }) type: RequestType;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'One calendar month after receipt unless extended' })
  dueAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ type: [ReceiptDto], description: "Each service's receipt, once the request is executed" })
  receipts: ReceiptDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error response has this shape. */
export class ErrorBodyDto {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ example: 'NOT_FOUND' }) code: string;
  @ApiProperty({ example: 'Customer not found' }) message: string;
  @ApiPropertyOptional({ type: [String], description: 'Each validation problem' }) details?: string[];
  @ApiPropertyOptional({ example: 'EMAIL_TAKEN' }) reason?: string;
  @ApiProperty({ description: 'Quote it when contacting support' }) requestId: string;
}

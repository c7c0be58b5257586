import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';

export const MAX_CAMPAIGN_RECIPIENTS = 1000;

export class SendCampaignDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Chosen by the caller: sending the same campaign again reaches nobody twice',
  })
  @IsUUID('4', { message: 'campaignId must be a UUID' })
  campaignId: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: `Up to ${MAX_CAMPAIGN_RECIPIENTS} customer ids; without it, every customer whose marketing consent is recorded`,
  })
  @IsOptional()
  @IsArray({ message: 'recipientIds must be an array' })
  @ArrayMinSize(1, { message: 'recipientIds must not be empty' })
  @ArrayMaxSize(MAX_CAMPAIGN_RECIPIENTS, {
    message: `recipientIds must have at most ${MAX_CAMPAIGN_RECIPIENTS} ids`,
  })
  @IsUUID('4', { each: true, message: 'each recipientId must be a UUID' })
  recipientIds?: string[];
}

export class CampaignSentDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ description: 'Messages newly queued' }) sent: number;
  @ApiProperty({
    description:
      'Recipients without consent, objected, restricted, suppressed, unknown, or already sent this campaign',
  })
  skipped: number;
}

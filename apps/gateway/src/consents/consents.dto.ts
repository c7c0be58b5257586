import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { COOKIE_ID } from '../privacy/dto/privacy-request.dto.js';

export class CookieConsentDto {
  @ApiProperty({
    description: 'The pseudonymous id the site keeps in the consent cookie',
    example: 'c_4f9a1b2c3d4e',
  })
  @Matches(COOKIE_ID, { message: 'cookieId must be 8-128 letters, digits, - or _' })
  cookieId: string;

  @ApiProperty({ description: 'Always true: necessary cookies need no consent', enum: [true] })
  @Equals(true, { message: 'necessary cookies are always on' })
  necessary: true;

  @ApiProperty() @IsBoolean() analytics: boolean;
  @ApiProperty() @IsBoolean() marketing: boolean;

  @ApiProperty({ example: '2026-01', description: 'Version of the cookie policy the visitor saw' })
  @IsString()
  @Length(1, 32)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'policyVersion must be letters, digits, ., - or _' })
  policyVersion: string;
}

export class CookieConsentRecordedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() cookieId: string;
  @ApiProperty({ enum: [true] }) necessary: true;
  @ApiProperty() analytics: boolean;
  @ApiProperty() marketing: boolean;
  @ApiProperty() policyVersion: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class SetConsentsDto {
  @ApiPropertyOptional({ description: 'Direct marketing, also by email and SMS' })
  @IsOptional()
  @IsBoolean()
  marketing?: boolean;

  @ApiPropertyOptional({
    description: 'Disclosure of your data to third parties (e.g. for direct deliveries)',
  })
  @IsOptional()
  @IsBoolean()
  thirdPartyDisclosure?: boolean;
}

class ConsentStateDto {
  @ApiProperty({ enum: ['marketing', 'third_party_disclosure'] }) purpose: string;
  @ApiProperty() granted: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) since: string | null;
}

class ConsentHistoryDto {
  @ApiProperty({ enum: ['marketing', 'third_party_disclosure'] }) purpose: string;
  @ApiProperty() granted: boolean;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class ConsentsDto {
  @ApiProperty({ type: [ConsentStateDto] }) consents: ConsentStateDto[];
  @ApiProperty({ type: [ConsentHistoryDto], description: 'Every change, oldest first' })
  history: ConsentHistoryDto[];
}

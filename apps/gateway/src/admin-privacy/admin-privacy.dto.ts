import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  RECEIVED_VIA,
  RECIPIENT_KINDS,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  STAFF_VERIFICATIONS,
  TRANSFER_SAFEGUARDS,
  type ReceivedVia,
  type RecipientKind,
  type RequestStatus,
  type RequestType,
  type StaffVerification,
  type TransferSafeguard,
} from '@offera/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COOKIE_ID, ReceiptDto, RectificationFieldsDto } from '../privacy/dto/privacy-request.dto.js';

export class RequesterContactDto {
  @ApiProperty({ example: 'aino@example.fi', description: 'The address given in the letter or email' })
  @IsEmail({}, { message: 'contact.email must be an email address' })
  @Length(3, 254)
  email: string;

  @ApiPropertyOptional({ enum: ['fi', 'en'], default: 'fi' })
  @IsOptional()
  @IsIn(['fi', 'en'], { message: 'contact.language must be fi or en' })
  language?: 'fi' | 'en';
}

export class StaffCreateRequestDto {
  @ApiProperty({ enum: REQUEST_TYPES })
  @IsIn(REQUEST_TYPES, { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type: RequestType;

  @ApiPropertyOptional({ format: 'uuid', description: 'The customer the letter or email is about' })
  @IsOptional()
  @IsUUID('4', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({ description: 'For cookie data: the cookie id the subject supplied' })
  @IsOptional()
  @Matches(COOKIE_ID, { message: 'cookieId must be 8-128 letters, digits, - or _' })
  cookieId?: string;

  @ApiProperty({ enum: STAFF_VERIFICATIONS, description: 'How identity is (to be) verified' })
  @IsIn(STAFF_VERIFICATIONS, { message: `verification must be one of ${STAFF_VERIFICATIONS.join(', ')}` })
  verification: StaffVerification;

  @ApiPropertyOptional({ type: RectificationFieldsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RectificationFieldsDto)
  fields?: RectificationFieldsDto;

  @ApiPropertyOptional({ enum: RECEIVED_VIA, default: 'letter', description: 'How the request arrived' })
  @IsOptional()
  @IsIn(RECEIVED_VIA, { message: `receivedVia must be one of ${RECEIVED_VIA.join(', ')}` })
  receivedVia?: ReceivedVia;

  @ApiPropertyOptional({
    type: RequesterContactDto,
    description:
      'Where to send the one-time link to the outcome, for a requester without an account (kept sealed until sent)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequesterContactDto)
  contact?: RequesterContactDto;
}

export class StaffExportDto {
  @ApiProperty({ minLength: 5, maxLength: 500, example: 'Posted to the address in the letter' })
  @IsString()
  @Length(5, 500)
  reason: string;
}

export class ListRequestsQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status must be one of ${REQUEST_STATUSES.join(', ')}` })
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: ['nearing', 'overdue'], description: 'Open requests nearing or past due' })
  @IsOptional()
  @IsIn(['nearing', 'overdue'], { message: 'due must be nearing or overdue' })
  due?: 'nearing' | 'overdue';

  @ApiPropertyOptional({ description: 'Only requests flagged (or not) as possibly excessive' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'possiblyExcessive must be true or false' })
  possiblyExcessive?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class VerifyRequestDto {
  @ApiProperty({ enum: STAFF_VERIFICATIONS })
  @IsIn(STAFF_VERIFICATIONS, { message: `method must be one of ${STAFF_VERIFICATIONS.join(', ')}` })
  method: StaffVerification;

  @ApiPropertyOptional({ description: 'one_time_code: the code the subject received' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;
}

export class ApproveRequestDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class RejectRequestDto {
  @ApiProperty({ maxLength: 1000, description: 'Told to the subject, with their right to complain' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class ExtendRequestDto {
  @ApiProperty({ minimum: 1, maximum: 2 })
  @IsInt()
  @Min(1)
  @Max(2)
  months: number;

  @ApiProperty({ maxLength: 1000, description: 'Told to the subject' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class RecordDisclosureDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'subjectId must be a UUID' })
  subjectId: string;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  @IsIn(RECIPIENT_KINDS, { message: `recipientKind must be one of ${RECIPIENT_KINDS.join(', ')}` })
  recipientKind: RecipientKind;

  @ApiProperty({ example: 'Tilitoimisto Oy' })
  @IsString()
  @Length(1, 200)
  recipientName: string;

  @ApiProperty({ example: 'bookkeeping' })
  @IsString()
  @Length(1, 500)
  purpose: string;

  @ApiProperty({ type: [String], example: ['name', 'billing address', 'invoice lines'] })
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  categories: string[];

  @ApiProperty({ example: 'FI', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter ISO country code' })
  country: string;

  @ApiPropertyOptional({ enum: TRANSFER_SAFEGUARDS, description: 'Required outside the EU/EEA' })
  @IsOptional()
  @IsIn(TRANSFER_SAFEGUARDS, { message: `safeguard must be one of ${TRANSFER_SAFEGUARDS.join(', ')}` })
  safeguard?: TransferSafeguard;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'requestId must be a UUID' })
  requestId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({ example: 'request.rejected' })
  @IsOptional()
  @Matches(/^[a-z.-]{1,64}$/, { message: 'action must be like request.rejected' })
  action?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

class TransitionDto {
  @ApiProperty({ enum: REQUEST_STATUSES, nullable: true, type: String }) from: string | null;
  @ApiProperty({ enum: REQUEST_STATUSES }) to: string;
  @ApiProperty() actor: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

class RecipientNotificationDto {
  @ApiProperty({ format: 'uuid' }) disclosureId: string;
  @ApiProperty({ enum: RECIPIENT_KINDS }) recipientKind: string;
  @ApiProperty() recipientName: string;
  @ApiProperty({ enum: ['rectification', 'erasure', 'restriction'] }) action: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StaffRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REQUEST_TYPES }) type: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ nullable: true, type: String }) cookieId: string | null;
  @ApiProperty({ description: "'subject' or the staff account id" }) requestedBy: string;
  @ApiProperty({ enum: ['signed_in_session', ...STAFF_VERIFICATIONS] }) verification: string;
  @ApiProperty() possiblyExcessive: boolean;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() extensionMonths: number;
  @ApiProperty({ nullable: true, type: String }) extensionReason: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ description: 'Whole days left; negative when overdue' }) daysToDue: number;
  @ApiProperty({ type: [TransitionDto] }) transitions: TransitionDto[];
  @ApiProperty({ type: [RecipientNotificationDto], description: 'Art. 19 notices owed to recipients' })
  recipientNotifications: RecipientNotificationDto[];
  @ApiProperty({
    type: [ReceiptDto],
    description: "Every service's receipt: erased counts per table, withheld items with basis and date",
  })
  receipts: ReceiptDto[];
}

export class VerificationCodeIssuedDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actorId: string;
  @ApiProperty() actorRole: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String, description: 'Pseudonym of the subject' }) subjectRef:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
}

export class LiftRestrictionDto {
  @ApiProperty({
    maxLength: 1000,
    description: 'Why the restriction ends; the subject is told before it does',
  })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class RestrictionLiftedDto {
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ enum: [false] }) restricted: false;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, type RecurrenceRuleInput } from '@offera/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { VisitDetailsDto } from '../../orders/dto/order-input.dto.js';

const RULE_KINDS = [
  'weekly',
  'every_2_weeks',
  'every_4_weeks',
  'monthly_day',
  'monthly_nth_weekday',
] as const;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecurrenceRuleDto {
  @ApiProperty({ enum: RULE_KINDS })
  @IsIn(RULE_KINDS, { message: `kind must be one of ${RULE_KINDS.join(', ')}` })
  kind: (typeof RULE_KINDS)[number];

  @ApiPropertyOptional({ description: 'monthly_day: day of month 1–31 (the last day in shorter months)' })
  @ValidateIf((o: RecurrenceRuleDto) => o.kind === 'monthly_day')
  @IsInt()
  @Min(1)
  @Max(31)
  day?: number;

  @ApiPropertyOptional({ description: 'monthly_nth_weekday: 1–4 or "last"' })
  @ValidateIf((o: RecurrenceRuleDto) => o.kind === 'monthly_nth_weekday')
  @IsIn([1, 2, 3, 4, 'last'])
  nth?: 1 | 2 | 3 | 4 | 'last';

  @ApiPropertyOptional({ description: 'monthly_nth_weekday: ISO weekday, 1 = Monday' })
  @ValidateIf((o: RecurrenceRuleDto) => o.kind === 'monthly_nth_weekday')
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

export function ruleInput(dto: RecurrenceRuleDto): RecurrenceRuleInput {
  switch (dto.kind) {
    case 'monthly_day':
      return { kind: 'monthly_day', day: dto.day ?? 1 };
    case 'monthly_nth_weekday':
      return { kind: 'monthly_nth_weekday', nth: dto.nth ?? 1, weekday: dto.weekday ?? 1 };
    default:
      return { kind: dto.kind };
  }
}

/** A series is ordered like a one-off order, with a rule and a local start instead of a time. */
export class CreateSeriesDto extends VisitDetailsDto {
  @ApiProperty({ type: RecurrenceRuleDto })
  @ValidateNested()
  @Type(() => RecurrenceRuleDto)
  rule: RecurrenceRuleDto;

  @ApiProperty({ example: '2026-12-01T09:00', description: 'Helsinki local start of the first visit' })
  @Matches(LOCAL_DATE_TIME, { message: 'start must be YYYY-MM-DDTHH:mm (Helsinki time)' })
  start: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last date a visit may fall on' })
  @IsOptional()
  @Matches(DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn?: string;
}

export class SeriesDateDto {
  @ApiProperty({ format: 'date', description: "The visit's original date" })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;
}

export class RescheduleOccurrenceDto extends SeriesDateDto {
  @ApiProperty({ example: '2026-12-09T12:00' })
  @Matches(LOCAL_DATE_TIME, { message: 'newStart must be YYYY-MM-DDTHH:mm (Helsinki time)' })
  newStart: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(30) @Max(24 * 60) durationMinutes?: number;
}

export class PauseDto {
  @ApiProperty({ format: 'date', description: 'First date on which visits resume' })
  @Matches(DATE, { message: 'until must be YYYY-MM-DD' })
  until: string;
}

export class EndDto {
  @ApiPropertyOptional({ format: 'date', description: 'Last date a visit may fall on; today when omitted' })
  @IsOptional()
  @Matches(DATE, { message: 'on must be YYYY-MM-DD' })
  on?: string;
}

export class ChangeFromDto extends SeriesDateDto {
  @ApiPropertyOptional({ type: RecurrenceRuleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceRuleDto)
  rule?: RecurrenceRuleDto;

  @ApiPropertyOptional({ example: '2027-01-05T10:00' })
  @IsOptional()
  @Matches(LOCAL_DATE_TIME, { message: 'start must be YYYY-MM-DDTHH:mm (Helsinki time)' })
  start?: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(30) @Max(24 * 60) durationMinutes?: number;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn?: string;
}

class SeriesOrderDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
}

export class SeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['active', 'ended'] }) status: string;
  @ApiProperty({ type: RecurrenceRuleDto }) rule: RecurrenceRuleDto;
  @ApiProperty() start: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ type: [String] }) skipped: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) rescheduled: object[];
  @ApiProperty({ nullable: true, type: String }) pausedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) endsOn: string | null;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: [SeriesOrderDto] }) nextOrders: SeriesOrderDto[];
}

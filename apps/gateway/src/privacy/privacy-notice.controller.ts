import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { NOTICE_LANGUAGES, type NoticeLanguage, type PrivacyNotice } from '@offera/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { MessageBus } from '@offera/transport';
import { Public } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_LANGUAGES, default: 'fi' })
  @IsOptional()
  @IsIn(NOTICE_LANGUAGES, { message: 'lang must be fi or en' })
  lang?: NoticeLanguage;
}

class NoticeSectionDto {
  @ApiProperty() heading: string;
  @ApiProperty({ type: [String] }) paragraphs: string[];
  @ApiPropertyOptional({ type: [String] }) items?: string[];
}

export class PrivacyNoticeDto {
  @ApiProperty({ enum: NOTICE_LANGUAGES }) lang: NoticeLanguage;
  @ApiProperty() title: string;
  @ApiProperty({
    type: 'object',
    properties: {
      name: { type: 'string' },
      businessId: { type: 'string' },
      address: { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
    },
  })
  controller: PrivacyNotice['controller'];
  @ApiProperty({ type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } })
  contactPerson: PrivacyNotice['contactPerson'];
  @ApiProperty({ type: [NoticeSectionDto] }) sections: NoticeSectionDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'What is stored, where, for how long',
  })
  dataInventory: PrivacyNotice['dataInventory'];
}

@ApiTags('privacy')
@Controller('privacy/notice')
export class PrivacyNoticeController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: PrivacyNoticeDto, description: 'The privacy notice (tietosuojaseloste)' })
  @ApiErrors(400, 429)
  notice(@Query() query: NoticeQueryDto): Promise<PrivacyNotice> {
    return this.bus.send('privacy.get-notice', { lang: query.lang ?? 'fi' });
  }
}

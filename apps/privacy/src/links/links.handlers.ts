import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, OneTimeLinkContent, SubjectExportDocument } from '@offera/contracts';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { StaffExportDownload } from '../exports/staff-export-download.js';
import { LinkOpener } from './link-opener.js';

/** Outcomes and exports for requesters without an account: one-time links, or staff posting them. */
@Controller()
export class LinksHandlers {
  constructor(
    private readonly opener: LinkOpener,
    private readonly staffDownload: StaffExportDownload,
  ) {}

  @HandleMessage('privacy.open-link')
  open(
    @Payload() p: MessagePayload<'privacy.open-link'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<OneTimeLinkContent> {
    return this.opener.open(p.token, ctx.messageId);
  }

  @HandleMessage('privacy.staff-get-export')
  staffExport(
    @Payload() p: MessagePayload<'privacy.staff-get-export'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<SubjectExportDocument> {
    return this.staffDownload.download(p, ctx.messageId);
  }
}

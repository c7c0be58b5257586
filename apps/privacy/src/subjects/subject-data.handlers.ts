import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type {
  ErasureReceipt,
  MessagePayload,
  RectificationReceipt,
  RestrictionReceipt,
  SubjectExport,
} from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { SubjectDataService } from './subject-data.service.js';

/** The privacy service's own step in each request flow. */
@Controller()
export class SubjectDataHandlers {
  constructor(private readonly subjectData: SubjectDataService) {}

  @HandleMessage('privacy.erase-subject')
  erase(@Payload() p: MessagePayload<'privacy.erase-subject'>): Promise<ErasureReceipt> {
    return this.subjectData.eraseSubject(p.requestId, p.subjectId);
  }

  @HandleMessage('privacy.export-subject')
  export(@Payload() p: MessagePayload<'privacy.export-subject'>): Promise<SubjectExport> {
    return this.subjectData.exportSubject(p);
  }

  @HandleMessage('privacy.rectify-subject')
  rectify(@Payload() p: MessagePayload<'privacy.rectify-subject'>): RectificationReceipt {
    return this.subjectData.rectifySubject(p);
  }

  @HandleMessage('privacy.restrict-subject')
  restrict(@Payload() p: MessagePayload<'privacy.restrict-subject'>): Promise<RestrictionReceipt> {
    return this.subjectData.restrictSubject(p);
  }
}

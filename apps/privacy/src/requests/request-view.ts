import { COMPLAINT_AUTHORITY, type PrivacyRequestView } from '@offera/contracts';
import type { PrivacyRequestEntity } from './privacy-request.entity.js';
import type { RequestReceiptEntity } from './request-receipt.entity.js';

type Receipt = Pick<RequestReceiptEntity, 'service' | 'erased' | 'withheld' | 'outcome'>;

/** The subject's view of a request, from rows already at hand; receipts in service order. */
export function requestView(
  request: PrivacyRequestEntity,
  receipts: readonly Receipt[],
  exportExpiresAt: Date | null,
): PrivacyRequestView {
  const rejected = request.status === 'rejected';
  return {
    id: request.id,
    type: request.type,
    status: request.status,
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    completedAt: request.completedAt?.toISOString() ?? null,
    receipts: [...receipts]
      .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .map((r) => ({
        service: r.service,
        erased: r.erased,
        withheld: r.withheld,
        ...(r.outcome ? { outcome: { ...r.outcome } } : {}),
      })),
    possiblyExcessive: request.possiblyExcessive,
    decisionReason: rejected ? request.decisionReason : null,
    complaintAuthority: rejected ? { ...COMPLAINT_AUTHORITY } : null,
    extensionMonths: request.extensionMonths,
    extensionReason: request.extensionReason,
    exportExpiresAt: exportExpiresAt?.toISOString() ?? null,
  };
}

import type {
  Frequency,
  OrderAddOnInput,
  PaymentMethod,
  RecurrenceRuleInput,
  ServiceAddress,
} from '@offera/contracts';

/** What every visit of a series is ordered with. */
export interface SeriesTemplate {
  readonly serviceCode: string;
  readonly addOns: readonly OrderAddOnInput[];
  /** Booked working time for hourly services. */
  readonly workMinutes?: number;
  readonly floorAreaM2?: number;
  readonly address: ServiceAddress;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly extraInfo: string | null;
  readonly accessNotes: string | null;
  readonly pets: string | null;
  readonly paymentMethod: PaymentMethod;
  readonly ip: string | null;
}

/** The price list's frequency for a recurrence rule. */
export function frequencyOf(rule: RecurrenceRuleInput): Frequency {
  switch (rule.kind) {
    case 'weekly':
    case 'every_2_weeks':
    case 'every_4_weeks':
      return rule.kind;
    default:
      return 'monthly';
  }
}

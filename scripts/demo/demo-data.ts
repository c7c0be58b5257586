/**
 * The demo's data set: realistic in shape, clearly fictional in content. Every email address is
 * under the reserved `.example` domain, every name says "Esimerkki" (example), and every street
 * is made up, so nothing here can reach or describe a real person.
 */
export const DEMO_DOMAIN = 'demo.offera.example';
/** One password for every demo account, printed at the end: development only. */
export const DEMO_PASSWORD = 'Siivous-Demo-2026';

export type StaffRole = 'admin' | 'operator' | 'dpo' | 'accountant';

export interface DemoPerson {
  readonly key: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

const person = (key: string, firstName: string, lastName: string): DemoPerson => ({
  key,
  email: `${key}@${DEMO_DOMAIN}`,
  firstName,
  lastName,
});

export const STAFF: readonly (DemoPerson & { role: StaffRole })[] = [
  { ...person('admin', 'Aada', 'Ylläpito-Esimerkki'), role: 'admin' },
  { ...person('operaattori', 'Olli', 'Operaattori-Esimerkki'), role: 'operator' },
  { ...person('tietosuoja', 'Tiina', 'Tietosuoja-Esimerkki'), role: 'dpo' },
  { ...person('kirjanpito', 'Kalle', 'Kirjanpito-Esimerkki'), role: 'accountant' },
];

export interface DemoProvider extends DemoPerson {
  readonly provider: {
    readonly kind: 'person' | 'company';
    readonly businessId?: string;
    readonly companyName?: string;
    readonly postalCodes: readonly string[];
    readonly serviceCodes: readonly string[];
  };
}

/** Areas (postal codes) and services are what the API knows of a provider; it has no working hours. */
export const PROVIDERS: readonly DemoProvider[] = [
  {
    ...person('kiiltava.koti', 'Kaisa', 'Kiiltävä-Esimerkki'),
    provider: {
      kind: 'company',
      businessId: '1234567-1',
      companyName: 'Kiiltävä Koti Esimerkki Oy',
      postalCodes: ['00100', '00120', '00130', '00140', '00150'],
      serviceCodes: ['kotisiivous', 'ikkunanpesu'],
    },
  },
  {
    ...person('sanna.siivooja', 'Sanna', 'Siivooja-Esimerkki'),
    provider: {
      kind: 'person',
      postalCodes: ['00100', '00500', '00510', '02100'],
      serviceCodes: ['kotisiivous', 'muuttosiivous'],
    },
  },
  {
    ...person('puhdas.pinta', 'Pekka', 'Pinta-Esimerkki'),
    provider: {
      kind: 'person',
      postalCodes: ['33100', '33200', '33500'],
      serviceCodes: ['kotisiivous', 'ikkunanpesu', 'muuttosiivous'],
    },
  },
];

export interface DemoAddress {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
}

export interface DemoCustomer extends DemoPerson {
  readonly home: DemoAddress;
}

export const CUSTOMERS: readonly DemoCustomer[] = [
  {
    ...person('aino.asiakas', 'Aino', 'Esimerkki'),
    home: { street: 'Kuvitteellinenkatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
  },
  {
    ...person('eero.asiakas', 'Eero', 'Esimerkki'),
    home: { street: 'Keksitty tie 5 B', postalCode: '02100', city: 'Espoo' },
  },
];

/** Where a demo order should end up. */
export type DemoOutcome = 'requested' | 'assigned' | 'completed' | 'cancelled';

export interface DemoOrder {
  /** Written into the order's extra information, so a second run finds it. */
  readonly marker: string;
  readonly customer: string;
  readonly outcome: DemoOutcome;
  /** The provider that takes it (assigned and completed orders). */
  readonly provider?: string;
  /** Days until the visit (a completed one is today's: it can only be started near its slot). */
  readonly daysAhead: number;
  readonly body: Record<string, unknown>;
}

export const ORDERS: readonly DemoOrder[] = [
  {
    marker: 'Demo 1',
    customer: 'aino.asiakas',
    outcome: 'requested',
    daysAhead: 14,
    // A summer cottage no demo provider serves: it waits for an operator.
    body: {
      serviceCode: 'kotisiivous',
      durationMinutes: 180,
      address: { street: 'Mökkipolku 3', postalCode: '90100', city: 'Oulu' },
      pets: 'Ei lemmikkejä',
      paymentMethod: 'invoice',
    },
  },
  {
    marker: 'Demo 2',
    customer: 'aino.asiakas',
    outcome: 'assigned',
    provider: 'sanna.siivooja',
    daysAhead: 7,
    body: {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      addOns: [{ code: 'uuni', quantity: 1 }],
      accessNotes: 'Ovikoodi 0000 (esimerkki)',
      pets: 'Kissa',
      paymentMethod: 'card',
    },
  },
  {
    marker: 'Demo 3',
    customer: 'aino.asiakas',
    outcome: 'completed',
    provider: 'kiiltava.koti',
    daysAhead: 2,
    body: { serviceCode: 'ikkunanpesu', paymentMethod: 'invoice' },
  },
  {
    marker: 'Demo 4',
    customer: 'eero.asiakas',
    outcome: 'cancelled',
    daysAhead: 21,
    body: { serviceCode: 'muuttosiivous', floorAreaM2: 55, paymentMethod: 'invoice' },
  },
  {
    marker: 'Demo 5',
    customer: 'eero.asiakas',
    outcome: 'completed',
    provider: 'sanna.siivooja',
    daysAhead: 3,
    body: {
      serviceCode: 'kotisiivous',
      durationMinutes: 150,
      addOns: [{ code: 'jaakaappi', quantity: 1 }],
      paymentMethod: 'card',
    },
  },
];

/** A recurring cleaning every second week for Eero, from next Monday at 9. */
export const SERIES = {
  customer: 'eero.asiakas',
  body: {
    serviceCode: 'kotisiivous',
    durationMinutes: 120,
    extraInfo: 'Demo sarja: joka toinen viikko (esimerkki)',
    paymentMethod: 'invoice',
  },
  rule: { kind: 'every_2_weeks' },
} as const;

/** One request of each type: as the customer (executed at once) or entered by staff from a letter. */
export const PRIVACY_REQUESTS: readonly {
  readonly customer: string;
  readonly type: 'access' | 'portability' | 'rectification' | 'erasure' | 'restriction' | 'objection';
  readonly via: 'customer' | 'letter';
  readonly verification?: 'id_document' | 'one_time_code';
  readonly fields?: Record<string, string>;
}[] = [
  { customer: 'aino.asiakas', type: 'access', via: 'customer' },
  { customer: 'aino.asiakas', type: 'objection', via: 'customer' },
  // Entered by the operator; a one-time code goes to Aino's address (see .dev-outbox/).
  { customer: 'aino.asiakas', type: 'restriction', via: 'letter', verification: 'one_time_code' },
  { customer: 'eero.asiakas', type: 'portability', via: 'customer' },
  {
    customer: 'eero.asiakas',
    type: 'rectification',
    via: 'customer',
    fields: { lastName: 'Esimerkki-Korjattu' },
  },
  // Entered by the operator from a letter; waits for the DPO to check an ID document.
  { customer: 'eero.asiakas', type: 'erasure', via: 'letter', verification: 'id_document' },
];

/**
 * The Finnish national reference number (kansallinen viitenumero) of an invoice: a base of
 * 3–19 digits and a check digit computed with the weights 7, 3, 1 from the right. The base is
 * "1" followed by the invoice number, so it never starts with 0 and has at least 3 digits.
 */
export function paymentReference(invoiceNumber: number): string {
  if (!Number.isSafeInteger(invoiceNumber) || invoiceNumber < 1)
    throw new RangeError('an invoice number is a positive integer');
  const base = `1${String(invoiceNumber).padStart(2, '0')}`;
  if (base.length > 19) throw new RangeError('the invoice number is too long for a reference');
  return groupInFives(`${base}${checkDigit(base)}`);
}

/** Whether `reference` (spaces allowed) is a valid national reference number. */
export function isValidReference(reference: string): boolean {
  const digits = reference.replace(/ /g, '');
  if (!/^\d{4,20}$/.test(digits) || digits.startsWith('0')) return false;
  return checkDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

function checkDigit(base: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < base.length; i++) sum += Number(base[base.length - 1 - i]) * weights[i % 3];
  return (10 - (sum % 10)) % 10;
}

/** Printed in groups of five from the right, as banks show it. */
function groupInFives(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 5) groups.unshift(digits.slice(Math.max(0, end - 5), end));
  return groups.join(' ');
}

/**
 * What the first admin's password must be: stronger than a customer's (10 characters), since
 * the account can create every other staff account.
 */
const GUESSABLE = [
  'password',
  'salasana',
  'qwerty',
  'asdf',
  '123456',
  'admin',
  'offera',
  'letmein',
  'welcome',
];

/** Why `password` is too weak for the admin `email`, or null when it will do. */
export function adminPasswordProblem(password: string, email: string): string | null {
  if (password.length < 12) return 'it is shorter than 12 characters';
  if (password.length > 256) return 'it is longer than 256 characters';
  if (new Set(password).size < 6) return 'it repeats too few different characters';
  const lower = password.toLowerCase();
  const local = email.split('@')[0].toLowerCase();
  if (local.length >= 4 && lower.includes(local)) return 'it contains the email address';
  const word = GUESSABLE.find((w) => lower.includes(w));
  if (word) return `it contains "${word}", which is guessed first`;
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && kinds < 3)
    return 'under 16 characters it must mix three of lower case, upper case, digits and symbols (or use a longer passphrase)';
  return null;
}

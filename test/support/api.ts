import { randomUUID } from 'node:crypto';
import request from 'supertest';

export interface Registered {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly customerId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
}

/** A customer with names and an email unlikely to appear anywhere by chance. */
export function newCustomer() {
  // Letters only: names are validated as letters.
  const tag = [...randomUUID().replace(/-/g, '').slice(0, 10)]
    .map((h) => 'abcdefghijklmnop'[parseInt(h, 16)])
    .join('');
  return {
    firstName: `Aino${tag}`,
    lastName: `Virtanen${tag}`,
    email: `aino.${tag}@example.fi`,
    password: 'correct horse battery staple',
  };
}

export async function register(url: string, customer = newCustomer()): Promise<Registered> {
  const res = await request(url).post('/api/v1/auth/register').send(customer).expect(201);
  const body = res.body as { accessToken: string; refreshToken: string; customerId: string };
  return { ...customer, ...body };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

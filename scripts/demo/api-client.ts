/**
 * The few HTTP calls the demo makes to the gateway, as a frontend would: JSON in and out, a
 * bearer token, and a 429 answered by waiting for its Retry-After.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

const MAX_WAIT_S = 60;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly say: (line: string) => void,
  ) {}

  async call<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    for (;;) {
      const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      const body: unknown = text ? JSON.parse(text) : null;
      if (res.status === 429) {
        const wait = Math.min(Number(res.headers.get('retry-after')) || 5, MAX_WAIT_S);
        this.say(`  (rate limited on ${method} ${path}; waiting ${wait} s as the gateway asks)`);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      if (!res.ok) throw new ApiError(res.status, body, `${method} ${path}`);
      return body as T;
    }
  }

  get = <T>(path: string, token?: string) => this.call<T>('GET', path, token ? { token } : {});
  post = <T>(path: string, body: unknown, token?: string) =>
    this.call<T>('POST', path, { body, ...(token ? { token } : {}) });
}

import { type JwtModuleOptions, JwtSecretRequestType } from '@nestjs/jwt';
import type { GatewayConfig } from '../config.js';
import type { JwtKeyring } from './jwt-keys.js';

/** The kid in a token's header, without verifying anything (AccessTokens checks the rest). */
function kidOf(token: string): unknown {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as { kid?: unknown }).kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JwtService's options: the current key signs under the configured algorithm with its id as
 * `kid` and the access-token lifetime; verification takes the key the token's `kid` names (none
 * when it is not ours, so it fails) and only the configured algorithm.
 */
export function jwtModuleOptions(config: GatewayConfig, keys: JwtKeyring): JwtModuleOptions {
  return {
    secretOrKeyProvider: (type, tokenOrPayload) =>
      type === JwtSecretRequestType.SIGN
        ? keys.current
        : (keys.get(typeof tokenOrPayload === 'string' ? kidOf(tokenOrPayload) : undefined) ?? ''),
    signOptions: {
      algorithm: config.jwtAlgorithm,
      keyid: keys.currentId,
      expiresIn: config.jwtAccessTtlSeconds,
    },
    verifyOptions: { algorithms: [config.jwtAlgorithm] },
  };
}

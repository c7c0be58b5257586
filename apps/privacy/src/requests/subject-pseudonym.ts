import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { PrivacyConfig } from '../config.js';

export const COOKIE_REF_PREFIX = 'cookie.';

/** Keyed pseudonym of a subject id: stable, so records stay findable, and useless without the key. */
@Injectable()
export class SubjectPseudonym {
  constructor(@Inject(APP_CONFIG) private readonly config: PrivacyConfig) {}

  of(subjectId: string): string {
    return createHmac('sha256', this.config.pseudonymKey).update(`subject:${subjectId}`).digest('base64url');
  }

  /**
   * For a request about cookie data alone: the cookie id stands in for the subject. Prefixed
   * (no cookie id contains a dot), so a request still reads as about a cookie once an erasure
   * has removed the cookie id itself, and consent proofs can carry it in the cookie id's place.
   */
  ofCookie(cookieId: string): string {
    return `${COOKIE_REF_PREFIX}${this.legacyOfCookie(cookieId)}`;
  }

  /** What `ofCookie` was before it was prefixed (requests recorded then still carry it). */
  legacyOfCookie(cookieId: string): string {
    return createHmac('sha256', this.config.pseudonymKey).update(`cookie:${cookieId}`).digest('base64url');
  }

  /** Whether a request's subject reference stands for a cookie id alone. */
  isCookieRef(subjectRef: string, cookieId: string | null): boolean {
    return (
      subjectRef.startsWith(COOKIE_REF_PREFIX) ||
      (cookieId !== null && subjectRef === this.legacyOfCookie(cookieId))
    );
  }
}

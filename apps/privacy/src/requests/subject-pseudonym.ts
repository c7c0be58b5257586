import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { PrivacyConfig } from '../config.js';

/** Keyed pseudonym of a subject id: stable, so records stay findable, and useless without the key. */
@Injectable()
export class SubjectPseudonym {
  constructor(@Inject(APP_CONFIG) private readonly config: PrivacyConfig) {}

  of(subjectId: string): string {
    return createHmac('sha256', this.config.pseudonymKey).update(`subject:${subjectId}`).digest('base64url');
  }

  /** For a request about cookie data alone: the cookie id stands in for the subject. */
  ofCookie(cookieId: string): string {
    return createHmac('sha256', this.config.pseudonymKey).update(`cookie:${cookieId}`).digest('base64url');
  }
}

/** Options given to `ObservabilityModule.forRoot`, available for injection. */
export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');

/** Provider token of the `ReadinessCheck[]` that `/health/ready` runs. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * Route metadata marking a handler as needing no authentication. Guards (the gateway's JWT
 * guard) should let these through: probes and Prometheus carry no credentials.
 */
export const IS_PUBLIC_KEY = 'isPublic';

/** Paths served by the module; exclude them from a global prefix (`setGlobalPrefix(p, { exclude })`). */
export const OBSERVABILITY_ROUTES: readonly string[] = ['health/live', 'health/ready', 'metrics'];

/** `@nestjs/throttler` metadata key that skips its `default` throttler (what `@SkipThrottle()` sets). */
export const THROTTLER_SKIP_DEFAULT = 'THROTTLER:SKIPdefault';

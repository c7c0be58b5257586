import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: unknown or malformed fields',
  401: 'Missing, invalid or expired credentials',
  403: 'Your role may not do this',
  404: 'Not found, or not yours',
  409: 'Conflicts with existing data',
  422: 'Valid input that cannot be processed now',
  429: 'Too many requests',
  503: 'A service is unavailable',
  504: 'A service did not answer in time',
};

/** Documents the error responses a route can give, all with the common error body. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...[...statuses, 503, 504].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto }),
    ),
  );

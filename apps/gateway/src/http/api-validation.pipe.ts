import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/**
 * The DTO pipe of every route: whitelist, unknown fields refused, and no rejected value in the
 * error (it may be personal data). A body given for a DTO must be a JSON object: Nest's own
 * pipe would read `null`, an array or a string as an empty DTO.
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      value !== undefined &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new BadRequestException('The body must be a JSON object');
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 256, description: 'At least 10 characters' })
  @IsString()
  @Length(10, 256, { message: 'newPassword must be 10 to 256 characters long' })
  newPassword: string;
}

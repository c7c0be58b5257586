import { Injectable } from '@nestjs/common';

/** The current time; tests replace `now` to drive deadlines and expiry without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

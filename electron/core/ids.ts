import { v7 } from 'uuid';

/** A new time-ordered id (UUIDv7), made locally. */
export function newId(): string {
  return v7();
}

import { AuthService } from './auth';
import type { ServiceDeps } from './deps';
import { SystemService } from './system';
import { UserService } from './users';

export interface Services {
  auth: AuthService;
  users: UserService;
  system: SystemService;
}

export function createServices(d: ServiceDeps, info: { version: string; schemaVersion: number }): Services {
  const users = new UserService(d);
  return {
    auth: new AuthService(d, users),
    users,
    system: new SystemService(info.version, info.schemaVersion),
  };
}

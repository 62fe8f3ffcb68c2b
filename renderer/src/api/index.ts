import { createApiClient } from './client';
import { detectTransport } from './transport';

export type { ApiClient } from './client';
export { ApiError, isUnreachable, UNREACHABLE_MESSAGE, type ApiIssue } from './errors';
export { useReachability } from './reachability';
export { formErrors, noErrors, type FormErrors } from './fields';
export type { Transport, PushListener } from './transport';
export { savedLock, saveLock, savedToken } from './tokenStore';

/** The one client of the renderer. Transport: Electron IPC if `window.tessera` exists, else HTTP. */
export const api = createApiClient(detectTransport());

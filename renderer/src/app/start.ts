import type { Health } from '../../../shared/contract/system';
import { api } from '../api';
import { useSession } from '../features/session/store';

/*
 * The start-up questions (is the database sound? does the store need its first admin?) go
 * out together the moment the script runs: main.tsx imports this module first, so the
 * answers travel while React's code is still being evaluated, not after the first render.
 */

/** The core's health, for RecoveryGate; 'unknown' when it does not answer (the session's start shows why). */
export const startupHealth: Promise<Health | 'unknown'> = api.call('system.health', {}).catch(() => 'unknown' as const);

void useSession.getState().start();

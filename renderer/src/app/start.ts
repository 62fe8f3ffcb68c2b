import { api } from '../api';
import { healthQuery } from '../features/backup/health';
import { useSession } from '../features/session/store';
import { queryClient } from './data';

/*
 * The start-up questions (is the database sound? does the store need its first admin?) go
 * out together the moment the script runs: main.tsx imports this module first, so the
 * answers travel while React's code is still being evaluated, not after the first render.
 * The health lands in the query cache, where RecoveryGate reads it.
 */
void queryClient.prefetchQuery(healthQuery(api));

void useSession.getState().start();

import { useQuery } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { useT } from '../i18n';
import { LoadError } from '../ui';
import { queryClient, screenKey } from './data';

/**
 * A screen whose code is a chunk of its own, fetched when first shown or preloaded: the
 * sign-in screen then needs only the shell's script, not every page's. Not React.lazy:
 * content that replaces a Suspense fallback is held back by React for up to 300 ms, so the
 * page shows an empty busy area itself and renders the moment its code is in. The loaded
 * code is kept in the query cache (never stale, kept over sign-outs); a failed fetch (e.g.
 * the host restarted with a new build) is tried again next time.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): { Page: ComponentType; preload: () => Promise<unknown> } {
  const screen = { queryKey: screenKey(name), queryFn: async (): Promise<ComponentType> => (await load())[name], staleTime: Infinity, gcTime: Infinity };
  const preload = () => queryClient.ensureQueryData(screen);
  function Page() {
    const t = useT();
    const { data: Screen, isError } = useQuery(screen, queryClient);
    if (isError) {
      return <LoadError title={t('shell.screenLoadFailed')} message={t('shell.screenLoadFailedHelp')} onRetry={() => window.location.reload()} />;
    }
    if (!Screen) return <div className="page-loading" aria-busy="true" />;
    return <Screen />;
  }
  return { Page, preload };
}

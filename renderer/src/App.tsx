import { useEffect } from 'react';
import { AppShell } from './app/AppShell';
import { whenIdle } from './app/idle';
import { appRoutes, homeFor } from './app/routes';
import { navigate } from './app/router';
import { SetupScreen } from './features/session/SetupScreen';
import { SignInScreen } from './features/session/SignInScreen';
import { useSession } from './features/session/store';
import { useT } from './i18n';
import { Banner, Button, OfflineBanner, ToastRegion } from './ui';
import { AuthLayout } from './features/session/AuthLayout';

// A fresh sign-in starts on the role's home screen. Set as the session changes, before the
// shell's first render, so the shell does not render once more for the address change.
useSession.subscribe((s, prev) => {
  const role = s.user?.role;
  if (s.phase === 'signedIn' && role && (prev.phase !== 'signedIn' || prev.user?.role !== role)) navigate(homeFor(role), { replace: true });
});

function Starting() {
  const t = useT();
  return (
    <main className="starting" aria-busy="true">
      <p>{t('shell.starting')}</p>
    </main>
  );
}

function Unreachable() {
  const t = useT();
  const start = useSession((s) => s.start);
  const error = useSession((s) => s.startError);
  return (
    <AuthLayout title={t('shell.unreachableTitle')} subtitle={t('shell.unreachableHelp')}>
      <div className="auth__form">
        {error ? <Banner tone="error">{error}</Banner> : null}
        <Button variant="primary" size="lg" block onClick={() => void start()}>
          {t('common.retry')}
        </Button>
      </div>
    </AuthLayout>
  );
}

export function App() {
  const phase = useSession((s) => s.phase);

  // The code of the screen sign-in lands on for every role that sells (the first route) is
  // fetched while the sign-in (or first-run) form is up: once someone starts filling it in (not
  // while the form itself is still arriving), or after a while anyway. It is in by the time
  // the credentials are checked.
  useEffect(() => {
    if (phase !== 'signIn' && phase !== 'setup') return;
    const events = ['input', 'keydown', 'pointerdown'] as const;
    let cancelIdle = () => {};
    function stop() {
      cancelIdle();
      for (const e of events) document.removeEventListener(e, preload, true);
    }
    function preload() {
      stop();
      void appRoutes[0]?.preload().catch(() => undefined);
    }
    for (const e of events) document.addEventListener(e, preload, true);
    cancelIdle = whenIdle(preload, 2_000);
    return stop;
  }, [phase]);


  return (
    <>
      {phase === 'starting' ? <Starting /> : null}
      {phase === 'unreachable' ? <Unreachable /> : null}
      {phase === 'setup' ? <SetupScreen /> : null}
      {phase === 'signIn' ? <SignInScreen /> : null}
      {phase === 'signedIn' ? <AppShell /> : null}
      {/* Signed out, the forms say it themselves. */}
      {phase === 'signedIn' ? <OfflineBanner /> : null}
      <ToastRegion />
    </>
  );
}

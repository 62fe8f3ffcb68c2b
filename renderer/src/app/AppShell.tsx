import { useEffect, useMemo, useRef, useState } from 'react';
import { useStoreSettings } from '../data';
import { HeadOfficeIndicator } from '../features/headOffice/HeadOfficeIndicator';
import { RegisterChooser } from '../features/register/RegisterChooser';
import { LockScreen } from '../features/session/LockScreen';
import { MyAccountDialog } from '../features/session/MyAccountDialog';
import { needsSignOutWarning, SignOutDialog } from '../features/session/SignOutDialog';
import { useSession } from '../features/session/store';
import { useIdleLock } from '../features/session/useIdleLock';
import { useT } from '../i18n';
import { Button } from '../ui';
import { roleLabel } from './access';
import { whenIdle } from './idle';
import { homeFor, routeFor, routesFor, type AppRoute } from './routes';
import { href, navigate, useRoute } from './router';
import './shell.css';

function NavLink({ route, active }: { route: AppRoute; active: boolean }) {
  const t = useT();
  return (
    <li>
      <a className={`nav__link${active ? ' is-active' : ''}`} href={href(route.path)} aria-current={active ? 'page' : undefined}>
        {t(route.labelId)}
      </a>
    </li>
  );
}

/** The signed-in app: the left navigation, who is signed in, and the current page. */
export function AppShell() {
  const t = useT();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const refresh = useSession((s) => s.refresh);
  const locked = useSession((s) => s.locked);
  const lock = useSession((s) => s.lock);
  const choosingRegister = useSession((s) => s.choosingRegister !== null);
  const [dialog, setDialog] = useState<'account' | 'signOut' | null>(null);
  // Read once signed in: money on every screen is shown in the store's locale, and follows its changes.
  const settings = useStoreSettings();
  useIdleLock(settings.data?.lockAfterIdleMinutes);
  const path = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const navRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  const role = user?.role;
  const routes = useMemo(() => (role ? routesFor(role) : []), [role]);
  const route = routeFor(routes, path);
  const home = role ? homeFor(role) : '/';

  // Unknown path, or a screen this role does not have: go home.
  useEffect(() => {
    if (user && !route) navigate(path === '/admin' && routes.some((r) => r.path === '/admin/users') ? '/admin/users' : home, { replace: true });
  }, [user, route, path, home, routes]);

  // On every page change: check the session is still alive (a revoked session drops to sign-in) and move focus to the page.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    void refresh();
    mainRef.current?.focus();
  }, [path, refresh]);

  useEffect(() => {
    document.title = route ? t('shell.windowTitle', { page: t(route.labelId) }) : t('shell.appName');
  }, [route, t]);

  // The links scroll on a short screen: the current one stays in view, also when the box below
  // them (the head-office state, who is signed in) grows.
  useEffect(() => {
    const links = navRef.current;
    if (!links) return;
    const keep = () => links.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest' });
    keep();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(keep);
    observer.observe(links);
    return () => observer.disconnect();
  }, [path, user]);

  // The role's other screens are fetched a little later, when the browser is idle (not while
  // the first page loads its data), so moving to one shows no loading gap.
  useEffect(() => whenIdle(() => routes.forEach((r) => void r.preload().catch(() => undefined)), 3_000), [routes]);

  if (!user) return null;
  const mainRoutes = routes.filter((r) => r.section === 'main');
  const adminRoutes = routes.filter((r) => r.section === 'admin');

  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        {t('shell.skipToContent')}
      </button>
      <aside className="shell__nav">
        <div className="shell__brand">
          <span className="shell__logo" aria-hidden="true">
            {t('shell.appName').charAt(0)}
          </span>
          <span className="shell__name">{t('shell.appName')}</span>
        </div>
        <nav aria-label={t('shell.navMain')} className="nav" ref={navRef}>
          <ul className="nav__list">
            {mainRoutes.map((r) => (
              <NavLink key={r.path} route={r} active={r === route} />
            ))}
          </ul>
          {adminRoutes.length > 0 ? (
            <div className="nav__group">
              <p className="nav__heading" id="nav-admin">
                {t('shell.navAdmin')}
              </p>
              <ul className="nav__list" aria-labelledby="nav-admin">
                {adminRoutes.map((r) => (
                  <NavLink key={r.path} route={r} active={r === route} />
                ))}
              </ul>
            </div>
          ) : null}
        </nav>
        <div className="shell__user" aria-label={t('shell.signedIn')}>
          <HeadOfficeIndicator />
          <button type="button" className="shell__account" onClick={() => setDialog('account')} aria-label={t('shell.accountLabel', { name: user.displayName, role: roleLabel(user.role, t) })} title={t('shell.accountTitle')}>
            <span className="shell__avatar" aria-hidden="true">
              {user.displayName.trim().charAt(0).toUpperCase() || t('shell.avatarUnknown')}
            </span>
            <span className="shell__who">
              <span className="shell__display-name" data-testid="current-user">{user.displayName}</span>
              <span className="shell__role" data-testid="current-role">{roleLabel(user.role, t)}</span>
            </span>
          </button>
          <div className="shell__user-actions">
            <Button variant="secondary" className="shell__signout" onClick={() => void lock()} title={t('shell.lockTitle')}>
              {t('shell.lock')}
            </Button>
            <Button variant="secondary" className="shell__signout" onClick={() => (needsSignOutWarning() ? setDialog('signOut') : void signOut())}>
              {t('shell.signOut')}
            </Button>
          </div>
        </div>
      </aside>
      <main id="main" className="shell__main" ref={mainRef} tabIndex={-1}>
        <div className="shell__page">{route ? route.render() : null}</div>
      </main>
      {dialog === 'account' ? <MyAccountDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'signOut' ? <SignOutDialog onClose={() => setDialog(null)} /> : null}
      {choosingRegister && !locked ? <RegisterChooser /> : null}
      {locked ? <LockScreen /> : null}
    </div>
  );
}

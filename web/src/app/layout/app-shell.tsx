import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';

import { Avatar } from '@/components/ui/avatar';
import { IconButton } from '@/components/ui/button';
import {
  InboxIcon,
  LockIcon,
  LogOutIcon,
  MenuIcon,
  PlusIcon,
  TreeIcon,
  UserIcon,
  UsersIcon,
  XIcon,
} from '@/components/ui/icons';
import { ChangePasswordDialog, useAuth, useCurrentUser } from '@/features/auth';
import { LiveIndicator } from '@/features/live';
import { cn } from '@/lib/cn';
import { ROLE_LABELS } from '@/lib/labels';
import { can } from '@/lib/permissions';

function Logo() {
  return (
    <Link to="/" className="brand" aria-label="TicketingSystem home">
      <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path d="M9 11h14M9 16h10M9 21h6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
      </svg>
      <span className="brand__name">Ticketing</span>
    </Link>
  );
}

function UserMenu() {
  const user = useCurrentUser();
  const auth = useAuth();
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    const items = () =>
      Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    items()[0]?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector<HTMLElement>('.user-menu__trigger')?.focus();
        return;
      }
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      const all = items();
      const at = all.indexOf(document.activeElement as HTMLElement);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu__trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Avatar user={user} size={28} />
        <span className="user-menu__text">
          <span className="user-menu__name">{user.displayName}</span>
          <span className="user-menu__role">{ROLE_LABELS[user.role]}</span>
        </span>
      </button>
      {open && (
        <div className="menu user-menu__menu" role="menu">
          <div className="user-menu__header">
            <div className="user-menu__name">{user.displayName}</div>
            <div className="muted">@{user.username}</div>
          </div>
          <div className="menu__separator" />
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              setChangingPassword(true);
            }}
          >
            <LockIcon /> Change password
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => void auth.signOut()}
          >
            <LogOutIcon /> Sign out
          </button>
        </div>
      )}
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </div>
  );
}

export function AppShell() {
  const user = useCurrentUser();
  const location = useLocation();
  // The phone drawer belongs to the page it was opened on: navigating closes it.
  const [navOpenOn, setNavOpenOn] = useState<string | null>(null);
  const navOpen = navOpenOn === location.pathname;
  const setNavOpen = (open: boolean) => setNavOpenOn(open ? location.pathname : null);

  const navClass = ({ isActive }: { isActive: boolean }) =>
    cn('nav__link', isActive && 'nav__link--active');

  return (
    <div className="shell" data-nav-open={navOpen || undefined}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <IconButton
          label={navOpen ? 'Close menu' : 'Open menu'}
          onClick={() => setNavOpen(!navOpen)}
        >
          {navOpen ? <XIcon /> : <MenuIcon />}
        </IconButton>
        <span className="topbar__brand">
          <Logo />
          <LiveIndicator compact />
        </span>
        {can.createTicket(user) ? (
          <Link
            to="/tickets/new"
            className="btn btn--primary btn--sm btn--icon"
            aria-label="New ticket"
            title="New ticket"
          >
            <PlusIcon size={14} />
          </Link>
        ) : (
          <span />
        )}
      </header>
      <button
        type="button"
        className="shell__scrim"
        aria-label="Close menu"
        tabIndex={-1}
        onClick={() => setNavOpen(false)}
      />
      <aside className="sidebar" aria-label="Main navigation">
        <div className="sidebar__top">
          <Logo />
          <LiveIndicator />
        </div>
        {can.createTicket(user) && (
          <Link to="/tickets/new" className="btn btn--primary btn--block sidebar__new">
            <PlusIcon size={14} /> New ticket
          </Link>
        )}
        <nav className="nav">
          <NavLink to="/" end className={navClass}>
            <InboxIcon /> Dashboard
          </NavLink>
          <NavLink to="/my-tickets" className={navClass}>
            <UserIcon /> My tickets
          </NavLink>
          {can.administer(user) && (
            <>
              <div className="nav__section">Admin</div>
              <NavLink to="/admin/users" className={navClass}>
                <UsersIcon /> Users
              </NavLink>
              <NavLink to="/admin/cti" className={navClass}>
                <TreeIcon /> CTI routing
              </NavLink>
            </>
          )}
        </nav>
        <div className="sidebar__bottom">
          <UserMenu />
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

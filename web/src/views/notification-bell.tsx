'use client';
/**
 * The bell in the top bar of every page: the unread count, live, and a dropdown of the
 * recent notifications. Opening one marks it read and goes to its review.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNotifications } from '../hooks/use-notifications';
import { describeError } from '../lib/errors';
import { notificationHub } from '../lib/notification-hub';
import { badgeText } from '../lib/notification-state';
import type { Notification } from '@tandem/protocol';
import { ago, notificationText } from '../lib/review-labels';

export function NotificationBell() {
  const { unreadCount, recent, connection } = useNotifications();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const router = useRouter();

  // Closes on a click elsewhere; Escape closes too (below) and gives focus back to the bell.
  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent) => root.current?.contains(event.target as Node) || setOpen(false);
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };

  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e: unknown) => setError(describeError(e)));
  };

  const openNotification = (n: Notification) => {
    setOpen(false);
    run(async () => {
      if (n.readAt === null) await notificationHub.markRead(n.id);
    });
    if (n.reviewId) router.push(`/review?id=${encodeURIComponent(n.reviewId)}`);
  };

  const badge = badgeText(unreadCount);
  const label = unreadCount > 0 ? `Notifications, ${unreadCount} unread` : 'Notifications';
  return (
    <div className="bell" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="link bell-button" aria-label={label} aria-expanded={open} aria-controls="bell-menu"
        data-unread={unreadCount} title={connection === 'open' ? label : `${label} (reconnecting…)`} onClick={() => setOpen((o) => !o)}>
        {/* Drawn, not an emoji: the machines this runs on may have no emoji font. */}
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {badge && <span className="bell-count" data-testid="unread-count" aria-hidden="true">{badge}</span>}
      </button>
      {open && (
        <div className="bell-menu" id="bell-menu" role="region" aria-label="Recent notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <span className="spacer" />
            <button type="button" className="link" disabled={unreadCount === 0} onClick={() => run(() => notificationHub.markAllRead())}>Mark all read</button>
          </div>
          {error && <div className="error" role="alert">{error}</div>}
          {recent.length === 0 ? <div className="muted bell-empty">Nothing yet.</div> : (
            <ul className="bell-list">
              {recent.map((n) => (
                <li key={n.id}>
                  <button type="button" className={`bell-item ${n.readAt === null ? 'unread' : ''}`} data-notification={n.kind} onClick={() => openNotification(n)}>
                    <span>{n.readAt === null && <span className="sr-only">Unread: </span>}{notificationText(n)}</span>
                    <span className="muted">{ago(n.createdAt, Date.now())}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="bell-foot"><a href="/reviews">All reviews</a></div>
        </div>
      )}
    </div>
  );
}

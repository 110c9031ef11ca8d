import { createContext, use, useEffect, useRef, useState, type ReactNode } from 'react';

import { connectLiveEvents, type LiveConnection, type LiveStatus } from '@/lib/live-events';

import { createChangeBatcher, type LiveChanges } from './lib/change-batch';

/** Events arriving within this window are handed over together. */
export const BATCH_WINDOW_MS = 250;
/**
 * A tab hidden this long lets go of its stream (browsers allow six connections per server over
 * HTTP/1.1, and every open tab would hold one); it resumes from the last event when shown again.
 */
export const HIDDEN_GRACE_MS = 15_000;

const LiveStatusContext = createContext<LiveStatus | null>(null);

type LiveUpdatesProviderProps = {
  /** Called once per batch of events; the app decides which caches that touches. */
  onChanges: (changes: LiveChanges) => void;
  children: ReactNode;
};

/** Holds the live feed open while mounted (inside the signed-in layout) and reports its state. */
export function LiveUpdatesProvider({ onChanges, children }: LiveUpdatesProviderProps) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const onChangesRef = useRef(onChanges);
  useEffect(() => {
    onChangesRef.current = onChanges;
  }, [onChanges]);

  useEffect(() => {
    const batcher = createChangeBatcher(
      (changes) => onChangesRef.current(changes),
      BATCH_WINDOW_MS,
    );
    let connection: LiveConnection | null = null;
    let lastEventId: string | undefined;
    let hiddenTimer: ReturnType<typeof setTimeout> | undefined;

    const open = () => {
      connection = connectLiveEvents({
        lastEventId,
        onEvent: batcher.add,
        onResume: batcher.resync,
        onStatus: setStatus,
      });
    };
    const pause = () => {
      lastEventId = connection?.lastEventId ?? lastEventId ?? '';
      connection?.close();
      connection = null;
    };
    const onVisibility = () => {
      clearTimeout(hiddenTimer);
      if (document.visibilityState === 'hidden') {
        hiddenTimer = setTimeout(pause, HIDDEN_GRACE_MS);
      } else if (!connection) {
        setStatus('connecting');
        open();
      }
    };

    open();
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(hiddenTimer);
      connection?.close();
      batcher.cancel();
    };
  }, []);

  return <LiveStatusContext value={status}>{children}</LiveStatusContext>;
}

/** The feed's state, or null outside <LiveUpdatesProvider>. */
export function useLiveStatus(): LiveStatus | null {
  return use(LiveStatusContext);
}

import { useEffect } from 'react';

const APP = 'Ticketing';

/** Sets the browser tab title while the calling screen is shown. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP}` : APP;
  }, [title]);
}

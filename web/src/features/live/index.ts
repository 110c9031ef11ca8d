export { LiveUpdatesProvider, useLiveStatus } from './live-provider';
export { LiveIndicator } from './components/live-indicator';
export type { LiveChanges } from './lib/change-batch';

// Screens import components by path (e.g. components/ticket-browser) where a barrel would drag the
// markdown pipeline into the first-load bundle; this barrel is for the lazily loaded screens.
export { CreateTicketForm } from './components/create-ticket-form';
export { TicketDetail } from './components/ticket-detail';
export { SeverityBadge } from './components/severity-badge';
export { StatusBadge } from './components/status-badge';
export { ticketKeys } from './api/keys';

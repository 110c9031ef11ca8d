export { CreateTicketForm } from './components/create-ticket-form';
export { TicketBrowser } from './components/ticket-browser';
export { TicketDetail } from './components/ticket-detail';
export { SeverityBadge } from './components/severity-badge';
export { StatusBadge } from './components/status-badge';
export { ticketKeys } from './api/keys';

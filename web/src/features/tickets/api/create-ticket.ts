import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Severity, Ticket } from '@/types/api';

import { ticketKeys } from './keys';

export type CreateTicketInput = {
  title: string;
  overview: string;
  severity: Severity;
  categoryId: string;
  typeId: string;
  itemId: string;
  assigneeId?: string | null;
};

export function createTicket(input: CreateTicketInput): Promise<Ticket> {
  return api.post<Ticket>('/tickets', input);
}

export function useCreateTicketMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
  });
}

import { describe, expect, it } from 'vitest';

import type { Role } from '@/types/api';

import { can } from './permissions';

const actor = (role: Role, id = 'me') => ({ id, role });

describe('permissions', () => {
  it.each<[Role, boolean, boolean, boolean]>([
    // role, edit tickets, close tickets, administer
    ['ADMIN', true, true, true],
    ['AGENT', true, false, false],
    ['USER', false, false, false],
    ['SERVICE', false, false, false],
  ])('%s: edit=%s close=%s admin=%s', (role, edit, close, administer) => {
    expect(can.editTicket(actor(role))).toBe(edit);
    expect(can.createTicket(actor(role))).toBe(edit);
    expect(can.setStatus(actor(role), 'CLOSED')).toBe(close);
    expect(can.setStatus(actor(role), 'RESOLVED')).toBe(edit);
    expect(can.administer(actor(role))).toBe(administer);
    expect(can.deleteTicket(actor(role))).toBe(administer);
  });

  it('lets authors delete their own comments and admins any', () => {
    expect(can.deleteComment(actor('USER', 'a'), 'a')).toBe(true);
    expect(can.deleteComment(actor('AGENT', 'a'), 'b')).toBe(false);
    expect(can.deleteComment(actor('ADMIN', 'a'), 'b')).toBe(true);
    expect(can.comment(actor('USER'))).toBe(true);
    expect(can.comment(null)).toBe(false);
  });
});

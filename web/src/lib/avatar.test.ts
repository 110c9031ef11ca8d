import { describe, expect, it } from 'vitest';

import { avatarHue, initials } from './avatar';

describe('avatar', () => {
  it('makes initials from names', () => {
    expect(initials('Josh Wright')).toBe('JW');
    expect(initials('goddard')).toBe('GO');
    expect(initials('Agent 07')).toBe('A7');
    expect(initials('Agent 21')).toBe('A2');
    expect(initials('  ')).toBe('?');
  });

  it('gives the same user the same colour every time', () => {
    expect(avatarHue('user-1')).toBe(avatarHue('user-1'));
    const hues = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(avatarHue));
    expect(hues.size).toBeGreaterThan(2);
  });
});

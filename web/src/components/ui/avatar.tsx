import type { CSSProperties } from 'react';

import { avatarHue, initials } from '@/lib/avatar';
import { cn } from '@/lib/cn';

type AvatarUser = { id: string; displayName: string } | null | undefined;

export function Avatar({
  user,
  size = 24,
  className,
}: {
  user: AvatarUser;
  size?: number;
  className?: string;
}) {
  if (!user) {
    return (
      <span
        className={cn('avatar', 'avatar--empty', className)}
        style={{ '--avatar-size': `${size}px` } as CSSProperties}
        aria-hidden="true"
      />
    );
  }
  const style = {
    '--avatar-size': `${size}px`,
    '--avatar-hue': avatarHue(user.id),
  } as CSSProperties;
  return (
    <span className={cn('avatar', className)} style={style} aria-hidden="true" data-testid="avatar">
      {initials(user.displayName)}
    </span>
  );
}

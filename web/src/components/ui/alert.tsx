import type { ReactNode } from 'react';

import { cn } from '@/lib/cn';

import { AlertIcon, CheckIcon, InfoIcon } from './icons';

type Tone = 'error' | 'info' | 'success' | 'warning';

export function Alert({
  tone = 'error',
  title,
  children,
  action,
  className,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const Icon = tone === 'success' ? CheckIcon : tone === 'info' ? InfoIcon : AlertIcon;
  return (
    <div
      className={cn('alert', `alert--${tone}`, className)}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      <Icon />
      <div className="alert__body">
        {title && <div className="alert__title">{title}</div>}
        {children}
      </div>
      {action}
    </div>
  );
}

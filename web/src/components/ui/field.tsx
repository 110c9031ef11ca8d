import {
  cloneElement,
  isValidElement,
  useId,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

import { cn } from '@/lib/cn';

type FieldProps = {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
  /** One control; it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
};

export function Field({ label, error, hint, optional, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint && !error ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })
    : children;
  return (
    <div className={cn('field', className)}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </label>
      {control}
      {hint && !error && (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

type WithRef<E, P> = P & { ref?: Ref<E> };

export function Input({
  className,
  ...props
}: WithRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>) {
  return <input className={cn('input', className)} {...props} />;
}

export function Textarea({
  className,
  ...props
}: WithRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  return <textarea className={cn('textarea', className)} {...props} />;
}

export function Select({
  className,
  ...props
}: WithRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>) {
  return <select className={cn('select', className)} {...props} />;
}

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input, Select } from '@/components/ui/field';
import { errorMessage, isApiError } from '@/lib/api-client';
import { ROLE_LABELS } from '@/lib/labels';
import { ROLES, type Role, type User } from '@/types/api';

import { useCreateUserMutation, type CreatedUser } from '../api/create-user';
import { useUpdateUserMutation } from '../api/update-user';

const ROLE_HINTS: Record<Role, string> = {
  ADMIN: 'Everything, including users, CTI and closing tickets.',
  AGENT: 'Creates, edits, assigns and comments on tickets.',
  USER: 'Views tickets and comments.',
  SERVICE: 'Automation: signs in with an API key, never a password.',
};

const schema = z
  .object({
    mode: z.enum(['create', 'edit']),
    username: z.string().trim(),
    displayName: z
      .string()
      .trim()
      .min(1, 'Enter a display name')
      .max(100, 'At most 100 characters'),
    email: z.string().trim().email('Enter a valid email address'),
    role: z.enum(['ADMIN', 'AGENT', 'USER', 'SERVICE']),
    password: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== 'create') return;
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(v.username)) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: "Letters, digits, '.', '_', '-' or '@'",
      });
    }
    if (v.role !== 'SERVICE' && (v.password.length < 12 || v.password.length > 128)) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'Password must be 12 to 128 characters',
      });
    }
  });
type FormValues = z.infer<typeof schema>;

type UserFormDialogProps = {
  open: boolean;
  /** The user to edit; absent to create one. */
  user?: User | null;
  onClose: () => void;
  onCreated?: (user: CreatedUser) => void;
};

export function UserFormDialog({ open, user, onClose, onCreated }: UserFormDialogProps) {
  const mode = user ? 'edit' : 'create';
  const create = useCreateUserMutation();
  const update = useUpdateUserMutation();
  const mutation = mode === 'create' ? create : update;
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    values: {
      mode,
      username: user?.username ?? '',
      displayName: user?.displayName ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'AGENT',
      password: '',
    },
  });
  const role = useWatch({ control, name: 'role' });

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const applyFieldErrors = (error: unknown) => {
    if (!isApiError(error)) return;
    for (const [field, message] of Object.entries(error.fields)) {
      if (
        field === 'username' ||
        field === 'displayName' ||
        field === 'email' ||
        field === 'role' ||
        field === 'password'
      ) {
        setError(field, { message });
      }
    }
  };

  const onSubmit = handleSubmit((values) => {
    if (mode === 'create') {
      create.mutate(
        {
          username: values.username,
          displayName: values.displayName,
          email: values.email,
          role: values.role,
          ...(values.role === 'SERVICE' ? {} : { password: values.password }),
        },
        {
          onSuccess: (created) => {
            close();
            onCreated?.(created);
          },
          onError: applyFieldErrors,
        },
      );
      return;
    }
    if (!user) return;
    update.mutate(
      {
        id: user.id,
        input: { displayName: values.displayName, email: values.email, role: values.role },
      },
      { onSuccess: close, onError: applyFieldErrors },
    );
  });

  return (
    <Dialog
      open={open}
      onClose={close}
      title={mode === 'create' ? 'New user' : `Edit ${user?.displayName ?? ''}`}
      description={
        mode === 'create'
          ? 'Create an account and choose what it may do.'
          : `@${user?.username ?? ''}`
      }
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" type="submit" form="user-form" loading={mutation.isPending}>
            {mode === 'create' ? 'Create user' : 'Save changes'}
          </Button>
        </>
      }
    >
      <form id="user-form" className="stack" onSubmit={onSubmit} noValidate>
        {mutation.isError && <Alert>{errorMessage(mutation.error)}</Alert>}
        {mode === 'create' && (
          <Field label="Username" error={errors.username?.message}>
            <Input
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              {...register('username')}
            />
          </Field>
        )}
        <Field label="Display name" error={errors.displayName?.message}>
          <Input autoComplete="off" {...register('displayName')} />
        </Field>
        <Field label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="off" {...register('email')} />
        </Field>
        <Field label="Role" hint={ROLE_HINTS[role]} error={errors.role?.message}>
          <Select {...register('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        {mode === 'create' && role !== 'SERVICE' && (
          <Field
            label="Password"
            hint="12 to 128 characters. Share it with the person safely."
            error={errors.password?.message}
          >
            <Input type="password" autoComplete="new-password" {...register('password')} />
          </Field>
        )}
        {mode === 'create' && role === 'SERVICE' && (
          <Alert tone="info">
            An API key is generated and shown once, right after you create the account.
          </Alert>
        )}
      </form>
    </Dialog>
  );
}

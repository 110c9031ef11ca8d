import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { errorMessage, isApiError } from '@/lib/api-client';

import { useChangePasswordMutation } from '../api/change-password';
import { useAuth } from '../auth-provider';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(12, 'At least 12 characters').max(128, 'At most 128 characters'),
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, {
    path: ['confirm'],
    message: 'Passwords do not match',
  });
type FormValues = z.infer<typeof schema>;

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const auth = useAuth();
  const toast = useToast();
  const mutation = useChangePasswordMutation();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
  });

  const close = () => {
    reset();
    mutation.reset();
    onClose();
  };

  const onSubmit = handleSubmit(({ currentPassword, newPassword }) =>
    mutation.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: (result) => {
          close();
          if (result?.token) {
            auth.replaceToken(result.token);
            toast.show('Password changed. Other sessions were signed out.');
          } else {
            // Every old token is dead now: sign in again with the new password.
            auth.forget('signed-out');
          }
        },
        onError: (error) => {
          if (!isApiError(error)) return;
          if (error.status === 401)
            setError('currentPassword', { message: 'Current password is wrong' });
          for (const [field, message] of Object.entries(error.fields)) {
            if (field === 'currentPassword' || field === 'newPassword')
              setError(field, { message });
          }
        },
      },
    ),
  );

  const showGeneric =
    mutation.isError && !(isApiError(mutation.error) && mutation.error.status === 401);
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Change password"
      description="You will stay signed in here; other sessions are signed out."
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            type="submit"
            form="change-password-form"
            loading={mutation.isPending}
          >
            Change password
          </Button>
        </>
      }
    >
      <form id="change-password-form" className="stack" onSubmit={onSubmit} noValidate>
        {showGeneric && <Alert>{errorMessage(mutation.error)}</Alert>}
        <Field label="Current password" error={errors.currentPassword?.message}>
          <Input type="password" autoComplete="current-password" {...register('currentPassword')} />
        </Field>
        <Field
          label="New password"
          hint="12 to 128 characters."
          error={errors.newPassword?.message}
        >
          <Input type="password" autoComplete="new-password" {...register('newPassword')} />
        </Field>
        <Field label="Confirm new password" error={errors.confirm?.message}>
          <Input type="password" autoComplete="new-password" {...register('confirm')} />
        </Field>
      </form>
    </Dialog>
  );
}

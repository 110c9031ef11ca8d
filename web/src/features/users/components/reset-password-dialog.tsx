import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { errorMessage, isApiError } from '@/lib/api-client';
import type { User } from '@/types/api';

import { useUpdateUserMutation } from '../api/update-user';

const schema = z
  .object({
    password: z.string().min(12, 'At least 12 characters').max(128, 'At most 128 characters'),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    message: 'Passwords do not match',
  });
type FormValues = z.infer<typeof schema>;

export function ResetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const mutation = useUpdateUserMutation();
  const toast = useToast();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', confirm: '' },
  });

  const close = () => {
    reset();
    mutation.reset();
    onClose();
  };

  const onSubmit = handleSubmit(({ password }) => {
    if (!user) return;
    mutation.mutate(
      { id: user.id, input: { password } },
      {
        onSuccess: () => {
          toast.show(`Password of ${user.displayName} reset`);
          close();
        },
        onError: (error) => {
          const message = isApiError(error) ? error.fields.password : undefined;
          if (message) setError('password', { message });
        },
      },
    );
  });

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={`Reset password`}
      description={
        user ? `Set a new password for ${user.displayName} (@${user.username}).` : undefined
      }
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            type="submit"
            form="reset-password-form"
            loading={mutation.isPending}
          >
            Reset password
          </Button>
        </>
      }
    >
      <form id="reset-password-form" className="stack" onSubmit={onSubmit} noValidate>
        {mutation.isError && <Alert>{errorMessage(mutation.error)}</Alert>}
        <Field label="New password" hint="12 to 128 characters." error={errors.password?.message}>
          <Input type="password" autoComplete="new-password" {...register('password')} />
        </Field>
        <Field label="Confirm password" error={errors.confirm?.message}>
          <Input type="password" autoComplete="new-password" {...register('confirm')} />
        </Field>
      </form>
    </Dialog>
  );
}

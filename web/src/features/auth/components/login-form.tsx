import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { errorMessage, isApiError } from '@/lib/api-client';
import type { User } from '@/types/api';

import { useLoginMutation } from '../api/login';

const schema = z.object({
  username: z.string().trim().min(1, 'Enter your username'),
  password: z.string().min(1, 'Enter your password'),
});
type FormValues = z.infer<typeof schema>;

function loginErrorText(error: unknown): string {
  if (isApiError(error) && error.status === 401) return 'Wrong username or password.';
  return errorMessage(error);
}

export function LoginForm({ onSuccess }: { onSuccess: (token: string, user: User) => void }) {
  const mutation = useLoginMutation();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: { username: '', password: '' },
  });

  const onSubmit = handleSubmit((values) =>
    mutation.mutate(values, { onSuccess: (result) => onSuccess(result.token, result.user) }),
  );

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {mutation.isError && <Alert>{loginErrorText(mutation.error)}</Alert>}
      <Field label="Username" error={errors.username?.message}>
        <Input
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...register('username')}
        />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" {...register('password')} />
      </Field>
      <Button type="submit" variant="primary" size="lg" block loading={mutation.isPending}>
        Sign in
      </Button>
    </form>
  );
}

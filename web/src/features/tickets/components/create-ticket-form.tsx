import { zodResolver } from '@hookform/resolvers/zod';
import type { ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { MarkdownEditor } from '@/components/ui/markdown-editor';
import { errorMessage, isApiError } from '@/lib/api-client';
import { SEVERITY_HINTS, SEVERITY_LABELS } from '@/lib/labels';
import {
  SEVERITIES,
  type CtiFieldProps,
  type Severity,
  type Ticket,
  type UserSummary,
} from '@/types/api';

import { useCreateTicketMutation } from '../api/create-ticket';

const schema = z.object({
  title: z.string().trim().min(1, 'Give the ticket a title').max(200, 'At most 200 characters'),
  overview: z.string().max(50_000, 'At most 50,000 characters'),
  severity: z.coerce.number().int().min(1).max(5),
  cti: z.object({
    categoryId: z.string().min(1, 'Choose a category'),
    typeId: z.string().min(1, 'Choose a type'),
    itemId: z.string().min(1, 'Choose an item'),
  }),
  assigneeId: z.string(),
});
type FormInput = z.input<typeof schema>;
type FormValues = z.output<typeof schema>;

type CreateTicketFormProps = {
  assignees: UserSummary[];
  renderCti: (props: CtiFieldProps) => ReactNode;
  onCreated: (ticket: Ticket) => void;
  onCancel: () => void;
};

export function CreateTicketForm({
  assignees,
  renderCti,
  onCreated,
  onCancel,
}: CreateTicketFormProps) {
  const mutation = useCreateTicketMutation();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<FormInput, unknown, FormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      title: '',
      overview: '',
      severity: 3,
      cti: { categoryId: '', typeId: '', itemId: '' },
      assigneeId: '',
    },
  });

  const severity = useWatch({ control, name: 'severity' });

  const onSubmit = handleSubmit((values) =>
    mutation.mutate(
      {
        title: values.title,
        overview: values.overview,
        severity: values.severity as Severity,
        ...values.cti,
        ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
      },
      {
        onSuccess: onCreated,
        onError: (error) => {
          if (!isApiError(error)) return;
          for (const [field, message] of Object.entries(error.fields)) {
            if (
              field === 'title' ||
              field === 'overview' ||
              field === 'severity' ||
              field === 'assigneeId'
            ) {
              setError(field, { message });
            }
            if (field === 'categoryId' || field === 'typeId' || field === 'itemId') {
              setError(`cti.${field}`, { message });
            }
          }
        },
      },
    ),
  );

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate>
      <div className="form-grid__main">
        <Field label="Title" error={errors.title?.message}>
          <Input
            placeholder="Short summary of the problem"
            autoComplete="off"
            {...register('title')}
          />
        </Field>
        <div className="field">
          <span className="field__label" id="overview-label">
            Overview
          </span>
          <Controller
            control={control}
            name="overview"
            render={({ field }) => (
              <MarkdownEditor
                label="Overview"
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                rows={12}
                placeholder={
                  'What happened? What did you expect?\n\nMarkdown works: **bold**, `code`, lists, tables.'
                }
                invalid={Boolean(errors.overview)}
              />
            )}
          />
          {errors.overview && <span className="field__error">{errors.overview.message}</span>}
        </div>
      </div>
      <aside className="form-grid__side card">
        <Field
          label="Severity"
          hint={SEVERITY_HINTS[Number(severity) as Severity] ?? ''}
          error={errors.severity?.message}
        >
          <Select {...register('severity')}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                SEV {s} · {SEVERITY_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Controller
          control={control}
          name="cti"
          render={({ field }) => (
            <>
              {renderCti({
                value: field.value,
                onChange: field.onChange,
                errors: {
                  categoryId: errors.cti?.categoryId?.message,
                  typeId: errors.cti?.typeId?.message,
                  itemId: errors.cti?.itemId?.message,
                },
              })}
            </>
          )}
        />
        <Field label="Assignee" optional error={errors.assigneeId?.message}>
          <Select {...register('assigneeId')}>
            <option value="">Unassigned</option>
            {assignees.map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName} (@{user.username})
              </option>
            ))}
          </Select>
        </Field>
      </aside>
      <div className="form-grid__footer">
        {mutation.isError && <Alert>{errorMessage(mutation.error)}</Alert>}
        <div className="form-actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" loading={mutation.isPending}>
            Create ticket
          </Button>
        </div>
      </div>
    </form>
  );
}

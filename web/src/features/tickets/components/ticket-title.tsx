import { useState } from 'react';

import { Button, IconButton } from '@/components/ui/button';
import { PencilIcon } from '@/components/ui/icons';

type TicketTitleProps = {
  title: string;
  canEdit: boolean;
  pending: boolean;
  onSave: (title: string) => Promise<unknown>;
};

export function TicketTitle({ title, canEdit, pending, onSave }: TicketTitleProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The title the draft started from: a live update may change `title` while the user types.
  const [base, setBase] = useState(title);

  if (draft === null) {
    return (
      <div className="ticket-title">
        <h1 className="ticket-title__text">{title}</h1>
        {canEdit && (
          <IconButton
            label="Edit title"
            size="sm"
            className="ticket-title__edit"
            onClick={() => {
              setBase(title);
              setDraft(title);
            }}
          >
            <PencilIcon />
          </IconButton>
        )}
      </div>
    );
  }

  const changedMeanwhile = title !== base && title !== draft.trim();

  const save = async () => {
    const next = draft.trim();
    if (!next) {
      setError('The title cannot be empty');
      return;
    }
    if (next === title) {
      setDraft(null);
      return;
    }
    try {
      await onSave(next);
      setDraft(null);
      setError(null);
    } catch {
      // The page shows the server's message; keep the draft so nothing typed is lost.
    }
  };

  return (
    <form
      className="ticket-title ticket-title--editing"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="ticket-title__field">
        <input
          className="input ticket-title__input"
          aria-label="Title"
          aria-invalid={error ? true : undefined}
          value={draft}
          maxLength={200}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the user just asked to edit it
          autoFocus
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(null);
          }}
        />
        {error && <span className="field__error">{error}</span>}
        {changedMeanwhile && (
          <span className="field__hint" role="status">
            Someone else renamed this ticket to “{title}” meanwhile. Saving replaces that.
          </span>
        )}
      </div>
      <div className="ticket-title__actions">
        <Button size="sm" onClick={() => setDraft(null)}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" loading={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

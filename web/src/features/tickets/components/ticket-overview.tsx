import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { PencilIcon } from '@/components/ui/icons';
import { Markdown } from '@/components/ui/markdown';
import { MarkdownEditor } from '@/components/ui/markdown-editor';

type TicketOverviewProps = {
  overview: string;
  canEdit: boolean;
  pending: boolean;
  onSave: (overview: string) => Promise<unknown>;
};

export function TicketOverview({ overview, canEdit, pending, onSave }: TicketOverviewProps) {
  const [draft, setDraft] = useState<string | null>(null);
  // The overview the draft started from: a live update may change `overview` while the user types.
  const [base, setBase] = useState(overview);
  const changedMeanwhile = draft !== null && overview !== base && overview !== draft;

  const save = async () => {
    if (draft === null) return;
    if (draft === overview) {
      setDraft(null);
      return;
    }
    try {
      await onSave(draft);
      setDraft(null);
    } catch {
      // Keep the draft; the page shows the error.
    }
  };

  return (
    <section className="card overview" aria-labelledby="overview-heading">
      <div className="section-header">
        <h2 className="section-title" id="overview-heading">
          Overview
        </h2>
        {canEdit && draft === null && (
          <Button
            size="sm"
            variant="ghost"
            icon={<PencilIcon />}
            onClick={() => {
              setBase(overview);
              setDraft(overview);
            }}
          >
            Edit
          </Button>
        )}
      </div>
      {draft === null ? (
        <Markdown emptyText="No overview given.">{overview}</Markdown>
      ) : (
        <div className="stack">
          {changedMeanwhile && (
            <Alert tone="warning" title="Someone else changed this overview meanwhile">
              Saving replaces their version with yours; cancel to read theirs.
            </Alert>
          )}
          <MarkdownEditor
            label="Overview"
            value={draft}
            onChange={setDraft}
            rows={12}
            initialFocus
            onSubmitShortcut={() => void save()}
          />
          <div className="form-actions">
            <Button size="sm" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button size="sm" variant="primary" loading={pending} onClick={() => void save()}>
              Save overview
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

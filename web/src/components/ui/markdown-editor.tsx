import { useId, useState, type KeyboardEvent, type Ref } from 'react';

import { Markdown } from './markdown';

type MarkdownEditorProps = {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  label: string;
  placeholder?: string;
  rows?: number;
  invalid?: boolean;
  describedBy?: string;
  /** Focus the textarea when it mounts (opened by the user's click). */
  initialFocus?: boolean;
  /** Ctrl/Cmd+Enter submits. */
  onSubmitShortcut?: () => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
};

/** A textarea with Write / Preview tabs; the preview uses the same sanitised renderer as the page. */
export function MarkdownEditor({
  value,
  onChange,
  onBlur,
  name,
  label,
  placeholder,
  rows = 8,
  invalid,
  describedBy,
  initialFocus,
  onSubmitShortcut,
  textareaRef,
}: MarkdownEditorProps) {
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const id = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (onSubmitShortcut && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmitShortcut();
    }
  };
  return (
    <div className="editor" data-invalid={invalid || undefined}>
      <div className="editor__tabs" role="tablist" aria-label={`${label} editor`}>
        <button
          type="button"
          role="tab"
          id={`${id}-write-tab`}
          className="editor__tab"
          aria-selected={tab === 'write'}
          aria-controls={`${id}-write`}
          onClick={() => setTab('write')}
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          id={`${id}-preview-tab`}
          className="editor__tab"
          aria-selected={tab === 'preview'}
          aria-controls={`${id}-preview`}
          onClick={() => setTab('preview')}
        >
          Preview
        </button>
        <span className="editor__hint">Markdown supported</span>
      </div>
      <div
        role="tabpanel"
        id={`${id}-write`}
        aria-labelledby={`${id}-write-tab`}
        hidden={tab !== 'write'}
      >
        <textarea
          ref={textareaRef}
          className="textarea"
          name={name}
          aria-label={label}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={placeholder}
          rows={rows}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- opened on purpose by the user's click
          autoFocus={initialFocus}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== 'preview'}
        className="editor__preview"
        style={{ minHeight: `${rows * 1.55 + 1.3}em` }}
      >
        {tab === 'preview' && <Markdown emptyText="Nothing to preview.">{value}</Markdown>}
      </div>
    </div>
  );
}

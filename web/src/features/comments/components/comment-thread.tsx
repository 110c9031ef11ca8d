import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Avatar } from '@/components/ui/avatar';
import { Button, IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TrashIcon } from '@/components/ui/icons';
import { Markdown } from '@/components/ui/markdown';
import { MarkdownEditor } from '@/components/ui/markdown-editor';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { can } from '@/lib/permissions';
import type { Comment, User } from '@/types/api';

import { useCreateCommentMutation } from '../api/create-comment';
import { useDeleteCommentMutation } from '../api/delete-comment';

type CommentThreadProps = {
  ticketId: string;
  comments: Comment[];
  user: User;
};

function CommentItem({
  comment,
  canDelete,
  onDelete,
}: {
  comment: Comment;
  canDelete: boolean;
  onDelete: () => void;
}) {
  return (
    <li className="comment" data-testid="comment">
      <Avatar user={comment.author} size={32} className="comment__avatar" />
      <div className="comment__card">
        <div className="comment__header">
          <span className="comment__author">{comment.author.displayName}</span>
          <span className="comment__username muted">@{comment.author.username}</span>
          <time
            className="comment__time muted"
            dateTime={comment.createdAt}
            title={formatDateTime(comment.createdAt)}
          >
            {timeAgo(comment.createdAt)}
          </time>
          {canDelete && (
            <IconButton
              label="Delete comment"
              size="sm"
              className="comment__delete"
              onClick={onDelete}
            >
              <TrashIcon size={14} />
            </IconButton>
          )}
        </div>
        <Markdown className="comment__body">{comment.body}</Markdown>
      </div>
    </li>
  );
}

function CommentComposer({ ticketId, user }: { ticketId: string; user: User }) {
  const [body, setBody] = useState('');
  const [invalid, setInvalid] = useState(false);
  const mutation = useCreateCommentMutation(ticketId);
  const submit = () => {
    if (!body.trim()) {
      setInvalid(true);
      return;
    }
    mutation.mutate(body, { onSuccess: () => setBody('') });
  };
  return (
    <form
      className="comment comment--composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Avatar user={user} size={32} className="comment__avatar" />
      <div className="comment__composer">
        <MarkdownEditor
          label="Comment"
          value={body}
          onChange={(value) => {
            setBody(value);
            setInvalid(false);
          }}
          rows={4}
          placeholder="Leave a comment…"
          invalid={invalid}
          onSubmitShortcut={submit}
        />
        {invalid && <span className="field__error">Write something first.</span>}
        {mutation.isError && <Alert>{errorMessage(mutation.error)}</Alert>}
        <div className="form-actions">
          <span className="muted composer-hint">
            <kbd className="kbd">Ctrl</kbd> + <kbd className="kbd">Enter</kbd> to send
          </span>
          <Button type="submit" variant="primary" loading={mutation.isPending}>
            Comment
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Comments oldest first, then the composer. Every role may comment; authors and admins delete. */
export function CommentThread({ ticketId, comments, user }: CommentThreadProps) {
  const [pendingDelete, setPendingDelete] = useState<Comment | null>(null);
  const remove = useDeleteCommentMutation(ticketId);
  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 className="section-title" id="comments-heading">
        Comments <span className="count">{comments.length}</span>
      </h2>
      {comments.length > 0 ? (
        <ol className="comment-list">
          {comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              canDelete={can.deleteComment(user, comment.authorId)}
              onDelete={() => setPendingDelete(comment)}
            />
          ))}
        </ol>
      ) : (
        <p className="muted comments__empty">No comments yet. Start the conversation below.</p>
      )}
      {can.comment(user) && <CommentComposer ticketId={ticketId} user={user} />}
      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete this comment?"
        confirmLabel="Delete comment"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setPendingDelete(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (pendingDelete)
            remove.mutate(pendingDelete.id, { onSuccess: () => setPendingDelete(null) });
        }}
      >
        The comment is removed from the thread. The audit log keeps a record of it.
      </ConfirmDialog>
    </section>
  );
}

import { useMemo, useState } from 'react';

import { Avatar } from '@/components/ui/avatar';
import { Button, IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import {
  LockIcon,
  PencilIcon,
  PlusIcon,
  RefreshIcon,
  SearchIcon,
  TrashIcon,
  UsersIcon,
} from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { ROLE_LABELS } from '@/lib/labels';
import type { User } from '@/types/api';

import { useDeleteUserMutation } from '../api/delete-user';
import { useUsers } from '../api/get-users';
import { useUpdateUserMutation } from '../api/update-user';

import { ApiKeyDialog } from './api-key-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserFormDialog } from './user-form-dialog';

/** Admin → Users: list, create, edit, reset password, regenerate API keys, delete (not yourself). */
export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const regenerate = useUpdateUserMutation();
  const remove = useDeleteUserMutation();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [regenerating, setRegenerating] = useState<User | null>(null);
  const [shownKey, setShownKey] = useState<{ account: string; apiKey: string } | null>(null);

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = users.data ?? [];
    if (!q) return all;
    return all.filter((u) =>
      [u.username, u.displayName, u.email, u.role].some((v) => v.toLowerCase().includes(q)),
    );
  }, [users.data, search]);

  return (
    <>
      <div className="toolbar">
        <div className="filters__search toolbar__search">
          <SearchIcon className="filters__search-icon" />
          <input
            className="input input--sm filters__search-input"
            type="search"
            placeholder="Search users…"
            aria-label="Search users"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <Button variant="primary" icon={<PlusIcon size={14} />} onClick={() => setCreating(true)}>
          New user
        </Button>
      </div>
      <div className="card table-card">
        {users.isPending ? (
          <div className="stack table-card__loading">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={32} />
            ))}
          </div>
        ) : users.isError ? (
          <ErrorState
            title="Could not load users"
            error={users.error}
            onRetry={() => void users.refetch()}
          />
        ) : filtered.length === 0 ? (
          <EmptyState
            icon={<UsersIcon size={20} />}
            title={search ? 'No users match' : 'No users yet'}
          />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="table__hide-sm">
                  Email
                </th>
                <th scope="col">Role</th>
                <th scope="col" className="table__actions-col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {filtered.map((u) => {
                const isSelf = u.id === currentUserId;
                return (
                  <tr key={u.id} data-testid="user-row" data-username={u.username}>
                    <td>
                      <div className="person person--stacked">
                        <Avatar user={u} size={30} />
                        <div className="person__text">
                          <span className="person__name">
                            {u.displayName}
                            {isSelf && <span className="badge badge--tiny">You</span>}
                          </span>
                          <span className="person__sub">@{u.username}</span>
                        </div>
                      </div>
                    </td>
                    <td className="table__hide-sm muted">{u.email}</td>
                    <td>
                      <span className={`role-badge role-badge--${u.role}`}>
                        {ROLE_LABELS[u.role]}
                      </span>
                    </td>
                    <td className="table__actions">
                      {u.role === 'SERVICE' && (
                        <IconButton
                          label={`Regenerate API key of ${u.displayName}`}
                          size="sm"
                          onClick={() => setRegenerating(u)}
                        >
                          <RefreshIcon size={14} />
                        </IconButton>
                      )}
                      <IconButton
                        label={`Edit ${u.displayName}`}
                        size="sm"
                        onClick={() => setEditing(u)}
                      >
                        <PencilIcon size={14} />
                      </IconButton>
                      {u.role !== 'SERVICE' && (
                        <IconButton
                          label={`Reset password of ${u.displayName}`}
                          size="sm"
                          onClick={() => setResetting(u)}
                        >
                          <LockIcon size={14} />
                        </IconButton>
                      )}
                      <IconButton
                        label={
                          isSelf ? 'You cannot delete your own account' : `Delete ${u.displayName}`
                        }
                        size="sm"
                        disabled={isSelf}
                        onClick={() => setDeleting(u)}
                      >
                        <TrashIcon size={14} />
                      </IconButton>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <UserFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          if (created.apiKey) setShownKey({ account: created.displayName, apiKey: created.apiKey });
          else toast.show(`${created.displayName} created`);
        }}
      />
      <UserFormDialog open={editing !== null} user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ApiKeyDialog
        account={shownKey?.account ?? ''}
        apiKey={shownKey?.apiKey ?? null}
        onClose={() => setShownKey(null)}
      />

      <ConfirmDialog
        open={regenerating !== null}
        title={`Regenerate the API key of ${regenerating?.displayName ?? ''}?`}
        confirmLabel="Regenerate key"
        pending={regenerate.isPending}
        error={regenerate.error}
        onClose={() => {
          setRegenerating(null);
          regenerate.reset();
        }}
        onConfirm={() => {
          const target = regenerating;
          if (!target) return;
          regenerate.mutate(
            { id: target.id, input: { regenerateApiKey: true } },
            {
              onSuccess: (updated) => {
                setRegenerating(null);
                if (updated.apiKey)
                  setShownKey({ account: target.displayName, apiKey: updated.apiKey });
                else toast.show('The server did not return a new key', 'error');
              },
            },
          );
        }}
      >
        The current key stops working at once. Automations using it must be given the new one.
      </ConfirmDialog>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.displayName ?? ''}?`}
        confirmLabel="Delete user"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          const target = deleting;
          if (!target) return;
          remove.mutate(target.id, {
            onSuccess: () => {
              toast.show(`${target.displayName} deleted`);
              setDeleting(null);
            },
          });
        }}
      >
        @{deleting?.username} can no longer sign in. Tickets and comments keep their history.
      </ConfirmDialog>
    </>
  );
}

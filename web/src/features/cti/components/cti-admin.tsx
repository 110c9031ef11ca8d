import { useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button, IconButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import {
  ChevronRightIcon,
  FolderIcon,
  PencilIcon,
  PlusIcon,
  TagIcon,
  TrashIcon,
  TreeIcon,
} from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/api-client';
import { cn } from '@/lib/cn';
import { plural } from '@/lib/format';
import type { CtiTree } from '@/types/api';

import { useCreateCtiNodeMutation } from '../api/create-cti-node';
import { useDeleteCtiNodeMutation } from '../api/delete-cti-node';
import { useCtiTree } from '../api/get-cti-tree';
import { LEVEL_LABEL, type CtiLevel } from '../api/keys';
import { useRenameCtiNodeMutation } from '../api/rename-cti-node';

const CHILD: Record<CtiLevel, CtiLevel | null> = { category: 'type', type: 'item', item: null };

type NodeRef = { level: CtiLevel; id: string; name: string; summary: string };

function NameForm({
  label,
  initial,
  pending,
  error,
  onSubmit,
  onCancel,
  depth,
}: {
  label: string;
  initial: string;
  pending: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  onCancel: () => void;
  depth: number;
}) {
  const [name, setName] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setEmpty(true);
      return;
    }
    onSubmit(name.trim());
  };
  return (
    <form
      className="tree-row tree-row--form"
      style={{ '--depth': depth } as CSSProperties}
      onSubmit={submit}
    >
      <div className="tree-row__form">
        <input
          className="input input--sm"
          aria-label={label}
          placeholder={label}
          value={name}
          aria-invalid={empty || undefined}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- opened by the user's click
          autoFocus
          onChange={(event) => {
            setName(event.target.value);
            setEmpty(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onCancel();
          }}
        />
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" loading={pending}>
          Save
        </Button>
      </div>
      {empty && <span className="field__error">Enter a name.</span>}
      {error ? <Alert className="tree-row__error">{errorMessage(error)}</Alert> : null}
    </form>
  );
}

type RowProps = {
  level: CtiLevel;
  id: string;
  name: string;
  depth: number;
  summary: string;
  expanded?: boolean;
  onToggle?: () => void;
  onAddChild?: () => void;
  onRename: () => void;
  onDelete: () => void;
};

function TreeRow({
  level,
  id,
  name,
  depth,
  summary,
  expanded,
  onToggle,
  onAddChild,
  onRename,
  onDelete,
}: RowProps) {
  const child = CHILD[level];
  const Icon = level === 'item' ? TagIcon : FolderIcon;
  return (
    <div
      className={cn('tree-row', `tree-row--${level}`)}
      style={{ '--depth': depth } as CSSProperties}
      data-testid={`cti-${level}`}
      data-id={id}
    >
      {onToggle ? (
        <button
          type="button"
          className="tree-row__toggle"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`}
          onClick={onToggle}
        >
          <ChevronRightIcon size={12} />
        </button>
      ) : (
        <span className="tree-row__toggle tree-row__toggle--leaf" />
      )}
      <Icon className="tree-row__icon" />
      <span className="tree-row__name">{name}</span>
      <span className="tree-row__summary">{summary}</span>
      <span className="tree-row__actions">
        {child && onAddChild && (
          <IconButton
            label={`Add ${LEVEL_LABEL[child].toLowerCase()} to ${name}`}
            size="sm"
            onClick={onAddChild}
          >
            <PlusIcon size={14} />
          </IconButton>
        )}
        <IconButton label={`Rename ${name}`} size="sm" onClick={onRename}>
          <PencilIcon size={14} />
        </IconButton>
        <IconButton label={`Delete ${name}`} size="sm" onClick={onDelete}>
          <TrashIcon size={14} />
        </IconButton>
      </span>
    </div>
  );
}

function TreeSkeleton() {
  return (
    <div className="tree" aria-hidden="true">
      {[0, 1, 2, 3].map((i) => (
        <div className="tree-row" key={i} style={{ '--depth': 0 } as CSSProperties}>
          <Skeleton width={`${30 + i * 7}%`} />
        </div>
      ))}
    </div>
  );
}

/** The Category → Type → Item tree with add, rename and delete at every level. */
export function CtiAdmin() {
  const tree = useCtiTree();
  const create = useCreateCtiNodeMutation();
  const rename = useRenameCtiNodeMutation();
  const remove = useDeleteCtiNodeMutation();
  const toast = useToast();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [adding, setAdding] = useState<{ level: CtiLevel; parentId?: string } | null>(null);
  const [editing, setEditing] = useState<{ level: CtiLevel; id: string } | null>(null);
  const [deleting, setDeleting] = useState<NodeRef | null>(null);

  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const startAdd = (level: CtiLevel, parentId?: string) => {
    create.reset();
    setEditing(null);
    setAdding({ level, parentId });
    if (parentId) toggle(parentId, true);
  };
  const startRename = (level: CtiLevel, id: string) => {
    rename.reset();
    setAdding(null);
    setEditing({ level, id });
  };

  const submitAdd = (name: string) => {
    if (!adding) return;
    create.mutate(
      { level: adding.level, name, parentId: adding.parentId },
      {
        onSuccess: () => {
          toast.show(`${LEVEL_LABEL[adding.level]} “${name}” added`);
          setAdding(null);
        },
      },
    );
  };
  const submitRename = (name: string) => {
    if (!editing) return;
    rename.mutate({ ...editing, name }, { onSuccess: () => setEditing(null) });
  };

  const addForm = (level: CtiLevel, depth: number, parentId?: string): ReactNode =>
    adding && adding.level === level && adding.parentId === parentId ? (
      <NameForm
        key={`add-${level}-${parentId ?? 'root'}`}
        label={`New ${LEVEL_LABEL[level].toLowerCase()} name`}
        initial=""
        depth={depth}
        pending={create.isPending}
        error={create.error}
        onSubmit={submitAdd}
        onCancel={() => setAdding(null)}
      />
    ) : null;

  const renameForm = (level: CtiLevel, id: string, name: string, depth: number): ReactNode =>
    editing && editing.level === level && editing.id === id ? (
      <NameForm
        key={`rename-${id}`}
        label={`New name for ${name}`}
        initial={name}
        depth={depth}
        pending={rename.isPending}
        error={rename.error}
        onSubmit={submitRename}
        onCancel={() => setEditing(null)}
      />
    ) : null;

  const renderTree = (data: CtiTree) =>
    data.map((category) => {
      const open = expanded.has(category.id);
      const itemCount = category.types.reduce((n, t) => n + t.items.length, 0);
      return (
        <div key={category.id} role="group" aria-label={category.name}>
          {renameForm('category', category.id, category.name, 0) ?? (
            <TreeRow
              level="category"
              id={category.id}
              name={category.name}
              depth={0}
              summary={plural(category.types.length, 'type')}
              expanded={open}
              onToggle={() => toggle(category.id)}
              onAddChild={() => startAdd('type', category.id)}
              onRename={() => startRename('category', category.id)}
              onDelete={() =>
                setDeleting({
                  level: 'category',
                  id: category.id,
                  name: category.name,
                  summary: `Its ${plural(category.types.length, 'type')} and ${plural(itemCount, 'item')} are deleted with it.`,
                })
              }
            />
          )}
          {open && (
            <>
              {category.types.map((type) => {
                const typeOpen = expanded.has(type.id);
                return (
                  <div key={type.id}>
                    {renameForm('type', type.id, type.name, 1) ?? (
                      <TreeRow
                        level="type"
                        id={type.id}
                        name={type.name}
                        depth={1}
                        summary={plural(type.items.length, 'item')}
                        expanded={typeOpen}
                        onToggle={() => toggle(type.id)}
                        onAddChild={() => startAdd('item', type.id)}
                        onRename={() => startRename('type', type.id)}
                        onDelete={() =>
                          setDeleting({
                            level: 'type',
                            id: type.id,
                            name: `${category.name} › ${type.name}`,
                            summary: `Its ${plural(type.items.length, 'item')} are deleted with it.`,
                          })
                        }
                      />
                    )}
                    {typeOpen && (
                      <>
                        {type.items.map(
                          (item) =>
                            renameForm('item', item.id, item.name, 2) ?? (
                              <TreeRow
                                key={item.id}
                                level="item"
                                id={item.id}
                                name={item.name}
                                depth={2}
                                summary=""
                                onRename={() => startRename('item', item.id)}
                                onDelete={() =>
                                  setDeleting({
                                    level: 'item',
                                    id: item.id,
                                    name: `${category.name} › ${type.name} › ${item.name}`,
                                    summary: '',
                                  })
                                }
                              />
                            ),
                        )}
                        {type.items.length === 0 && !adding && (
                          <p className="tree-empty" style={{ '--depth': 2 } as CSSProperties}>
                            No items yet.
                          </p>
                        )}
                        {addForm('item', 2, type.id)}
                      </>
                    )}
                  </div>
                );
              })}
              {category.types.length === 0 && !adding && (
                <p className="tree-empty" style={{ '--depth': 1 } as CSSProperties}>
                  No types yet.
                </p>
              )}
              {addForm('type', 1, category.id)}
            </>
          )}
        </div>
      );
    });

  const allIds = (tree.data ?? []).flatMap((c) => [c.id, ...c.types.map((t) => t.id)]);
  const allOpen = allIds.length > 0 && allIds.every((id) => expanded.has(id));

  return (
    <div className="card cti-admin">
      <div className="cti-admin__toolbar">
        <div className="muted">
          {tree.data ? `${plural(tree.data.length, 'category', 'categories')}` : ' '}
        </div>
        <div className="cti-admin__buttons">
          <Button
            size="sm"
            variant="ghost"
            disabled={!tree.data?.length}
            onClick={() => setExpanded(allOpen ? new Set() : new Set(allIds))}
          >
            {allOpen ? 'Collapse all' : 'Expand all'}
          </Button>
          <Button
            size="sm"
            variant="primary"
            icon={<PlusIcon size={14} />}
            onClick={() => startAdd('category')}
          >
            Add category
          </Button>
        </div>
      </div>
      {tree.isPending ? (
        <TreeSkeleton />
      ) : tree.isError ? (
        <ErrorState
          title="Could not load the CTI tree"
          error={tree.error}
          onRetry={() => void tree.refetch()}
        />
      ) : (
        <div className="tree">
          {addForm('category', 0)}
          {tree.data.length === 0 && !adding ? (
            <EmptyState icon={<TreeIcon size={20} />} title="No categories yet">
              Tickets are routed by Category → Type → Item. Add a category to begin.
            </EmptyState>
          ) : (
            renderTree(tree.data)
          )}
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={
          deleting ? `Delete ${LEVEL_LABEL[deleting.level].toLowerCase()} “${deleting.name}”?` : ''
        }
        confirmLabel="Delete"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting, {
            onSuccess: () => {
              toast.show(`${LEVEL_LABEL[deleting.level]} deleted`);
              setDeleting(null);
            },
          });
        }}
      >
        {deleting?.summary} The server refuses if any ticket is still routed here.
      </ConfirmDialog>
    </div>
  );
}

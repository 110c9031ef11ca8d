import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/features/auth';
import { UsersAdmin } from '@/features/users';
import { useDocumentTitle } from '@/lib/use-document-title';

export function AdminUsersRoute() {
  const user = useCurrentUser();
  useDocumentTitle('Users');
  return (
    <div className="page">
      <PageHeader title="Users" subtitle="Accounts, roles and automation keys." />
      <UsersAdmin currentUserId={user.id} />
    </div>
  );
}

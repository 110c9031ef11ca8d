import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/features/auth';
import { UsersAdmin } from '@/features/users';

export function AdminUsersRoute() {
  const user = useCurrentUser();
  return (
    <div className="page">
      <PageHeader title="Users" subtitle="Accounts, roles and automation keys." />
      <UsersAdmin currentUserId={user.id} />
    </div>
  );
}

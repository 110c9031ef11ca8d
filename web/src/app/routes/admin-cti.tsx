import { PageHeader } from '@/components/ui/page-header';
import { CtiAdmin } from '@/features/cti';

export function AdminCtiRoute() {
  return (
    <div className="page page--narrow">
      <PageHeader
        title="CTI routing"
        subtitle="Categories, types and items that tickets are routed by."
      />
      <CtiAdmin />
    </div>
  );
}

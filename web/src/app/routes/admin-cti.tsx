import { PageHeader } from '@/components/ui/page-header';
import { CtiAdmin } from '@/features/cti';
import { useDocumentTitle } from '@/lib/use-document-title';

export function AdminCtiRoute() {
  useDocumentTitle('CTI routing');
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

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog } from '@/components/ui/dialog';

/** Shows a freshly issued API key. The server never returns it again. */
export function ApiKeyDialog({
  account,
  apiKey,
  onClose,
}: {
  account: string;
  apiKey: string | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={apiKey !== null}
      onClose={onClose}
      title={`API key for ${account}`}
      description="Use it in the X-Api-Key header of automation requests."
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <Alert tone="warning" title="Copy it now">
        This key is shown only once. If it is lost, regenerate it.
      </Alert>
      <div className="api-key">
        <input
          className="input mono api-key__value"
          readOnly
          value={apiKey ?? ''}
          aria-label="API key"
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={apiKey ?? ''} />
      </div>
    </Dialog>
  );
}

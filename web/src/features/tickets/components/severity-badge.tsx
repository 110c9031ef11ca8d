import { SEVERITY_LABELS } from '@/lib/labels';
import type { Severity } from '@/types/api';

/** Signal bars: more filled bars = more severe, so the level reads without colour too. */
function Bars({ severity }: { severity: Severity }) {
  const filled = 6 - severity;
  return (
    <svg className="sev__icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      {[0, 1, 2, 3, 4].map((i) => (
        <rect
          key={i}
          x={i * 2.4}
          y={10 - (i + 1) * 2}
          width="1.6"
          height={(i + 1) * 2}
          rx="0.5"
          fill="currentColor"
          opacity={i < filled ? 1 : 0.28}
        />
      ))}
    </svg>
  );
}

export function SeverityBadge({
  severity,
  withLabel = false,
}: {
  severity: Severity;
  withLabel?: boolean;
}) {
  const label = SEVERITY_LABELS[severity];
  return (
    <span className={`sev sev--${severity}`} title={`SEV ${severity} · ${label}`}>
      <Bars severity={severity} />
      SEV {severity}
      {withLabel ? (
        <span className="sev__label"> · {label}</span>
      ) : (
        <span className="visually-hidden"> ({label})</span>
      )}
    </span>
  );
}

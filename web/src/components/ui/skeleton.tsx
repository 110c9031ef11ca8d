import type { CSSProperties } from 'react';

export function Skeleton({
  width,
  height = 14,
  style,
}: {
  width?: number | string;
  height?: number;
  style?: CSSProperties;
}) {
  return (
    <span
      className="skeleton"
      style={{ width: width ?? '100%', height, ...style }}
      aria-hidden="true"
    />
  );
}

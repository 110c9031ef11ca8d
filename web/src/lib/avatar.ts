// A stable colour per user: the same id always hashes to the same hue.
const HUES = [12, 32, 145, 170, 195, 215, 245, 270, 295, 330];

export function hashString(value: string): number {
  let hash = 2166136261;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

export function avatarHue(userId: string): number {
  return HUES[hashString(userId) % HUES.length] ?? 215;
}

export function initials(name: string): string {
  const parts = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]?.[0] ?? '';
  const lastPart = parts.length > 1 ? (parts[parts.length - 1] ?? '') : '';
  // "Agent 07" → "A7", "Agent 21" → "A2": a significant digit says more than a leading zero.
  const last = lastPart
    ? /^\d+$/.test(lastPart)
      ? lastPart.replace(/^0+(?=\d)/, '').slice(0, 1)
      : lastPart[0]
    : (parts[0]?.[1] ?? '');
  return (first + last).toUpperCase();
}

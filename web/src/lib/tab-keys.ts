/**
 * Keyboard of a tab list (WAI-ARIA Authoring Practices, "Tabs"): arrows move to the
 * next or previous tab, wrapping; Home and End to the first and last. Pure: the index
 * to select, or null when the key is not the tab list's.
 */
export function tabKeyTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Monaco's `model.getPositionAt` over a plain string (1-based line and column, UTF-16): for tests and for text without a model. */
export function positionIn(text: string) {
  return (index: number) => {
    const before = text.slice(0, Math.max(0, Math.min(index, text.length)));
    const line = before.split('\n');
    return { lineNumber: line.length, column: line[line.length - 1]!.length + 1 };
  };
}

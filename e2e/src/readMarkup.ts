/**
 * The app's markup as a list of lines, one per element under `#root`: depth, tag, classes,
 * `data-testid`, and the other attributes by name (values dropped where they are ids or times).
 * Runs IN THE BROWSER through `page.evaluate`, so it is self-contained. Comments (Vue's `v-if`
 * anchors) and text are not markup the user sees differently, so they are left out.
 */
export function readMarkup(): string[] {
  const VOLATILE = new Set(['id', 'for', 'data-message-id', 'data-conversation-id', 'style']);
  const lines: string[] = [];
  const walk = (element: Element, depth: number) => {
    const attributes = Array.from(element.attributes)
      .filter((attribute) => attribute.name !== 'class')
      .map((attribute) => (VOLATILE.has(attribute.name) ? attribute.name : `${attribute.name}=${attribute.value}`))
      .sort();
    const classes = Array.from(element.classList).sort().join('.');
    lines.push(`${'  '.repeat(depth)}${element.tagName.toLowerCase()}${classes === '' ? '' : `.${classes}`} ${attributes.join(' ')}`.trimEnd());
    for (const child of Array.from(element.children)) walk(child, depth + 1);
  };
  const root = document.getElementById('root');
  if (root !== null) for (const child of Array.from(root.children)) walk(child, 0);
  return lines;
}

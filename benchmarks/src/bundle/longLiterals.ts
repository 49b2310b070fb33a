import { gzipSync } from 'node:zlib';
import ts from 'typescript';

/**
 * How much of a minified bundle is prose: string and template literals longer than `minLength`
 * characters (error and validation messages, mostly). Returns min+gz with and without them, so
 * the report can say what moving messages out of production builds would save.
 */
export function measureLongLiterals(code: string, minLength = 24): { readonly count: number; readonly gzipped: number; readonly gzippedWithout: number } {
  const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const spans: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length > minLength) {
      spans.push([node.getStart(source), node.getEnd()]);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const literalLength = node.head.text.length + node.templateSpans.reduce((sum, span) => sum + span.literal.text.length, 0);
      if (literalLength > minLength) {
        spans.push([node.getStart(source), node.getEnd()]);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let stripped = '';
  let position = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    stripped += `${code.slice(position, start)}""`;
    position = end;
  }
  stripped += code.slice(position);
  return {
    count: spans.length,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    gzippedWithout: gzipSync(stripped, { level: 9 }).byteLength,
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Fragments shorter than this are too common ("a string") to say anything about a bundle. */
const MIN_FRAGMENT = 8;

/** The text of every string and template literal under `node` (template pieces one by one). */
function literalPieces(node: ts.Node, into: string[]): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    into.push(node.text);
  } else if (ts.isTemplateExpression(node)) {
    into.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
  }
  ts.forEachChild(node, (child) => {
    literalPieces(child, into);
  });
  return into;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The development-only advice of `@rejoin/core`: the literal text in the `isDevelopment ? advice : facts`
 * branches of its sources, less any text the code also uses outside those branches (the facts both
 * messages share). Read from the sources, so a new message is checked without a list to maintain.
 */
export function developmentAdvice(coreSourceDir: string): string[] {
  const advice = new Set<string>();
  const kept: string[] = [];
  for (const file of sourceFiles(coreSourceDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isConditionalExpression(node) && ts.isIdentifier(node.condition) && node.condition.text === 'isDevelopment') {
        for (const piece of literalPieces(node.whenTrue, [])) advice.add(piece.trim());
        visit(node.whenFalse);
        return;
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        kept.push(...literalPieces(node, []));
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...advice].filter((piece) => piece.length >= MIN_FRAGMENT && !kept.some((text) => text.includes(piece)));
}

/**
 * Which of `advice` a bundle still holds. Literals are compared by their text, not their spelling,
 * since a minifier may requote them, escape them differently, or join them into one template.
 */
export function adviceIn(code: string, advice: readonly string[]): string[] {
  const literals = literalPieces(ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS), []);
  return advice.filter((piece) => literals.some((text) => text.includes(piece)));
}

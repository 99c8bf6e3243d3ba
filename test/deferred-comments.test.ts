/**
 * The enums of a service module reach prettier without their doc comments,
 * which are put in afterwards. The result must equal prettier's output with
 * the comments in place. The comments hold
 * blank lines, white space of every kind that JavaScript trims, `*` at the
 * start of a line, comment ends and tags.
 */
import fc from 'fast-check';
import * as prettier from 'prettier';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { commentText, withDocComment } from '../generator/emit/doc-comment.js';
import { DocComments, enumAnchor, memberAnchor } from '../generator/emit/typescript.js';

const OPTIONS: prettier.Options = { parser: 'typescript', printWidth: 100, trailingComma: 'all' };

const FRAGMENTS = ['', ' ', '  ', '\t', '\u00a0', '\u3000', '\ufeff', '\n', '\n\n', '*', ' * ', '*/', '/*', '@see', '{@link x}', '`code`', 'word', 'x'.repeat(120)];

const docText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => commentText(parts.join('')));

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
const emptyFile = ts.createSourceFile('module.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

/** Print an exported enum whose declaration and members get their comments from `attach`, when given. */
function printEnum(enumDoc: string, memberDocs: string[], attach?: (node: ts.Node, text: string) => void): string {
  const members = memberDocs.map((doc, index) => {
    // Every third value is longer than a line, so prettier breaks the member after `=`.
    const value = index % 3 === 2 ? `arn:aws:svc:${'segment/'.repeat(20)}${index}` : `svc:Member${index}`;
    const member = ts.factory.createEnumMember(`Member${index}`, ts.factory.createStringLiteral(value));
    attach?.(member, doc);
    return member;
  });
  const declaration = ts.factory.createEnumDeclaration([ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)], 'Example', members);
  attach?.(declaration, enumDoc);
  return printer.printNode(ts.EmitHint.Unspecified, declaration, emptyFile);
}

describe('doc comments kept out of prettier', () => {
  it('matches prettier with real comments', async () => {
    await fc.assert(
      fc.asyncProperty(docText, fc.array(docText, { minLength: 1, maxLength: 6 }), async (enumDoc, memberDocs) => {
        const expected = await prettier.format(printEnum(enumDoc, memberDocs, withDocComment), OPTIONS);

        const comments = new DocComments();
        comments.add(enumAnchor('Example'), enumDoc);
        memberDocs.forEach((doc, index) => comments.add(memberAnchor(`Member${index}`), doc));
        const formatted = await prettier.format(printEnum(enumDoc, memberDocs), OPTIONS);
        expect(comments.insert(formatted)).toBe(expected);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('rejects a missing anchor', () => {
    const comments = new DocComments();
    comments.add(memberAnchor('A'), 'text');
    expect(() => comments.insert('export enum Example {}\n')).toThrow(/no line starts with "  A ="/);
  });

  it('rejects anchors out of order', () => {
    const comments = new DocComments();
    comments.add(memberAnchor('B'), 'second');
    comments.add(memberAnchor('A'), 'first');
    expect(() => comments.insert('export enum Example {\n  A = "a",\n  B = "b",\n}\n')).toThrow(/"  A ="/);
  });
});

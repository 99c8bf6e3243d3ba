/**
 * The enums of a service module reach prettier with placeholders instead of
 * their doc comments, and the comments are put back afterwards. The result
 * must equal prettier's output with the comments in place. The comments hold
 * blank lines, white space of every kind that JavaScript trims, `*` at the
 * start of a line, comment ends and tags.
 */
import fc from 'fast-check';
import * as prettier from 'prettier';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { commentText, withDocComment } from '../generator/emit/doc-comment.js';
import { DeferredComments } from '../generator/emit/typescript.js';

const OPTIONS: prettier.Options = { parser: 'typescript', printWidth: 100, trailingComma: 'all' };

const FRAGMENTS = ['', ' ', '  ', '\t', '\u00a0', '\u3000', '\ufeff', '\n', '\n\n', '*', ' * ', '*/', '/*', '@see', '{@link x}', '`code`', 'word', 'x'.repeat(120)];

const docText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => commentText(parts.join('')));

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
const emptyFile = ts.createSourceFile('module.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

/** Print an exported enum whose declaration and members get their comments through `attach`. */
function printEnum(enumDoc: string, memberDocs: string[], attach: (node: ts.Node, text: string) => void): string {
  const members = memberDocs.map((doc, index) => {
    const member = ts.factory.createEnumMember(`Member${index}`, ts.factory.createStringLiteral(`svc:Member${index}`));
    attach(member, doc);
    return member;
  });
  const declaration = ts.factory.createEnumDeclaration([ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)], 'Example', members);
  attach(declaration, enumDoc);
  return printer.printNode(ts.EmitHint.Unspecified, declaration, emptyFile);
}

describe('doc comments kept out of prettier', () => {
  it('matches prettier with real comments', async () => {
    await fc.assert(
      fc.asyncProperty(docText, fc.array(docText, { minLength: 1, maxLength: 4 }), async (enumDoc, memberDocs) => {
        const expected = await prettier.format(printEnum(enumDoc, memberDocs, withDocComment), OPTIONS);

        const comments = new DeferredComments();
        const skeleton = await prettier.format(printEnum(enumDoc, memberDocs, (node, text) => comments.attach(node, text)), OPTIONS);
        expect(comments.restore(skeleton)).toBe(expected);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('rejects a missing placeholder', async () => {
    const comments = new DeferredComments();
    comments.attach(ts.factory.createEnumMember('A'), 'text');
    expect(() => comments.restore('export enum Example {}\n')).toThrow(/0 of 1 found/);
  });
});

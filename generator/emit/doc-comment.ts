/**
 * Doc comments for the generated TypeScript: text from the model made safe
 * inside a comment, and attached to a syntax tree node or written as text.
 */
import { ts } from 'ts-morph';

/** Attach `/** docText *\/` to `node`; `docText` must have gone through `commentText`. */
export function withDocComment<T extends ts.Node>(node: T, docText: string): T {
  const lines = docText.split('\n');
  const body = lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((line) => (line === '' ? ' *' : ` * ${line}`)).join('\n')}\n `;

  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, body, true);
}

/** Write `docText`, which must have gone through `commentText`, as the text of a doc comment. */
export function docCommentSource(docText: string): string {
  const lines = docText.split('\n');
  if (lines.length === 1) return `/** ${lines[0]} */`;
  return `/**\n${lines.map((line) => (line === '' ? ' *' : ` * ${line}`)).join('\n')}\n */`;
}

/**
 * Make `text` safe inside a `/** … *\/` comment. `*\/` is broken up as `*\\/`.
 * CR, CRLF, U+2028 and U+2029 become `\n`, which `withDocComment` turns into a
 * new ` * ` line. Other invisible characters and lone surrogates are written as
 * `\u{…}` so that the comment shows them. `@` after whitespace or `{` is
 * written `\@`, so that text such as "@see" is not read as a JSDoc tag.
 */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(INVISIBLE, (character) => (character === '\n' || character === '\t' ? character : `\\u{${codePointHex(character)}}`))
    .replace(LONE_SURROGATE, (character) => `\\u{${codePointHex(character)}}`)
    .replace(/\*\//g, '*\\/')
    .replace(/(^|[\s{])@/g, '$1\\@');
}

/** Control, format and separator characters: `Cc`, `Cf`, `Zl` and `Zp`. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function codePointHex(character: string): string {
  return character.codePointAt(0)!.toString(16).toUpperCase();
}

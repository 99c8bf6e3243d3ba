import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { actionMemberNames, convertedMemberNames, placeholderPropertyNames } from '../generator/emit/identifiers.js';
import { splitArnPattern } from '../generator/emit/service-exports.js';
import { NOT_DOCUMENTED, commentText, emitTypeScript } from '../generator/emit/typescript.js';
import type { OutputFile } from '../generator/emit/types.js';
import type { Service } from '../generator/model/types.js';
import { compileEmitted, contextOf, importEmitted, readModelFixture, writeEmitted } from './helpers/emitted-typescript.js';
import type { EmittedFolder } from './helpers/emitted-typescript.js';

/** Type-checking loads the standard library declarations, which takes seconds on a busy machine. */
const COMPILE_TIMEOUT = 60_000;

/** The doc comment of one enum member, as TypeScript reads it. */
interface MemberDoc {
  comment: string;
  tags: { name: string; text: string }[];
  jsDocCount: number;
}

/** Parse `content` and return the doc comment of every member of enum `enumName`, keyed by member name. */
function memberDocs(content: string, enumName: string): Map<string, MemberDoc> {
  const source = ts.createSourceFile('module.ts', content, ts.ScriptTarget.ES2022, true);
  const declaration = source.statements.find((statement): statement is ts.EnumDeclaration => ts.isEnumDeclaration(statement) && statement.name.text === enumName);
  if (declaration === undefined) throw new Error(`enum ${enumName} not found`);

  const docs = new Map<string, MemberDoc>();
  for (const member of declaration.members) {
    const jsDocs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const jsDoc = jsDocs[0];
    docs.set(member.name.getText(source), {
      comment: ts.getTextOfJSDocComment(jsDoc?.comment) ?? '',
      tags: (jsDoc?.tags ?? []).map((tag) => ({ name: tag.tagName.text, text: tagText(tag, source) })),
      jsDocCount: jsDocs.length,
    });
  }
  return docs;
}

/** Read the text after a tag's name. TypeScript splits `@see https://…` into a name `https` and a comment. */
function tagText(tag: ts.JSDocTag, source: ts.SourceFile): string {
  const name = ts.isJSDocSeeTag(tag) && tag.name !== undefined ? tag.name.getText(source) : '';
  return name + (ts.getTextOfJSDocComment(tag.comment) ?? '');
}

function fileAt(files: OutputFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (file === undefined) throw new Error(`${path} was not emitted`);
  return file.content;
}

describe('emitTypeScript on the chime and legacy fixtures', () => {
  let services: Service[];
  let files: OutputFile[];
  let folder: EmittedFolder;
  let modules: Record<string, unknown>;

  beforeAll(async () => {
    services = [await readModelFixture('chime'), await readModelFixture('legacy-list')];
    files = await emitTypeScript(contextOf(services));
    folder = await writeEmitted(files);
    modules = await importEmitted(folder, files);
  });

  afterAll(async () => {
    await folder.remove();
  });

  test('emits one module per service and an index', () => {
    expect(files.map((file) => file.path)).toEqual(['src/_common.ts', 'src/a4b.ts', 'src/chime.ts', 'src/index.ts']);
  });

  test('compiles strict with zero diagnostics', { timeout: COMPILE_TIMEOUT }, () => {
    expect(compileEmitted(folder, files)).toEqual([]);
  });

  test('index re-exports every module', () => {
    expect(fileAt(files, 'src/index.ts')).toContain('export * from "./a4b.js";\nexport * from "./chime.js";\n');
  });

  test.each([
    ['ChimeAction', 'CreateMeeting', 'chime:CreateMeeting'],
    ['ChimeAction', 'ListMeetings', 'chime:ListMeetings'],
    ['ChimeAction', 'StartMeetingTranscription', 'chime:StartMeetingTranscription'],
    ['ChimeAction', 'TagResource', 'chime:TagResource'],
    ['ChimeResourceType', 'AppInstance', 'arn:${Partition}:chime:${Region}:${Account}:app-instance/${AppInstanceId}'],
    ['ChimeResourceType', 'Meeting', 'arn:${Partition}:chime:${Region}:${Account}:meeting/${MeetingId}'],
    ['ChimeConditionKey', 'AwsRequestTagTagKey', 'aws:RequestTag/${TagKey}'],
    ['ChimeConditionKey', 'AwsResourceTagTagKey', 'aws:ResourceTag/${TagKey}'],
    ['ChimeConditionKey', 'AwsTagKeys', 'aws:TagKeys'],
    ['A4bAction', 'CreateRoom', 'a4b:CreateRoom'],
    ['A4bConditionKey', 'A4bFiltersDeviceType', 'a4b:filters_deviceType'],
  ])('%s.%s is %s', (enumName, member, value) => {
    const enumObject = modules[enumName] as Record<string, string>;

    expect(enumObject[member]).toBe(value);
  });

  test.each([
    ['ChimeAction', ['CreateMeeting', 'ListMeetings', 'StartMeetingTranscription', 'TagResource']],
    ['ChimeResourceType', ['AppInstance', 'Meeting']],
    ['ChimeConditionKey', ['AwsRequestTagTagKey', 'AwsResourceTagTagKey', 'AwsTagKeys']],
    ['A4bAction', ['CreateRoom']],
    ['A4bConditionKey', ['A4bFiltersDeviceType']],
  ])('%s has exactly its members', (enumName, members) => {
    expect(Object.keys(modules[enumName] as object)).toEqual(members);
  });

  test('service without resource types has no resource type enum', () => {
    expect(modules).not.toHaveProperty('A4bResourceType');
  });

  test('action doc comment lists every field', () => {
    const doc = memberDocs(fileAt(files, 'src/chime.ts'), 'ChimeAction').get('CreateMeeting');

    expect(doc?.comment).toBe(
      [
        'Grants permission to create a new Amazon Chime SDK meeting in the specified media Region, with no initial attendees',
        '',
        '- Access level: Write',
        '- Resource types (`*` marks a required one): `meeting*`',
        '- Condition keys: `aws:RequestTag/${TagKey}`, `aws:TagKeys`',
        '- Dependent actions: `chime:TagResource`',
      ].join('\n'),
    );
    expect(doc?.tags).toEqual([{ name: 'see', text: 'https://docs.aws.amazon.com/chime/latest/APIReference/API_CreateMeeting.html' }]);
  });

  test('action doc comment marks permission only', () => {
    const doc = memberDocs(fileAt(files, 'src/chime.ts'), 'ChimeAction').get('StartMeetingTranscription');

    expect(doc?.comment).toContain('- Resource types (`*` marks a required one): `meeting*`, `app-instance`');
    expect(doc?.comment).toContain('- Permission only: no API operation calls this action.');
    expect(doc?.tags).toEqual([]);
  });

  test('empty lists read none', () => {
    const doc = memberDocs(fileAt(files, 'src/chime.ts'), 'ChimeAction').get('ListMeetings');

    expect(doc?.comment).toContain('- Resource types (`*` marks a required one): none');
    expect(doc?.comment).toContain('- Condition keys: none');
    expect(doc?.comment).toContain('- Dependent actions: none');
  });

  test('null fields read not documented', () => {
    const doc = memberDocs(fileAt(files, 'src/a4b.ts'), 'A4bAction').get('CreateRoom');

    expect(doc?.comment).toBe(
      [
        `Description: ${NOT_DOCUMENTED}.`,
        '',
        `- Access level: ${NOT_DOCUMENTED}`,
        `- Resource types (\`*\` marks a required one): ${NOT_DOCUMENTED}`,
        `- Condition keys: ${NOT_DOCUMENTED}`,
        `- Dependent actions: ${NOT_DOCUMENTED}`,
      ].join('\n'),
    );
  });

  test('condition key doc comment gives description and type', () => {
    const docs = memberDocs(fileAt(files, 'src/chime.ts'), 'ChimeConditionKey');

    expect(docs.get('AwsTagKeys')?.comment).toBe('Filters access by the tag keys in the request\n\n- Type: ArrayOfString');
    expect(memberDocs(fileAt(files, 'src/a4b.ts'), 'A4bConditionKey').get('A4bFiltersDeviceType')?.comment).toBe(`Description: ${NOT_DOCUMENTED}.\n\n- Type: ${NOT_DOCUMENTED}`);
  });

  test('resource type doc comment gives ARN pattern and condition keys', () => {
    const docs = memberDocs(fileAt(files, 'src/chime.ts'), 'ChimeResourceType');

    expect(docs.get('Meeting')?.comment).toBe(
      'Resource type `meeting`.\n\n- ARN pattern: `arn:${Partition}:chime:${Region}:${Account}:meeting/${MeetingId}`\n- Condition keys: `aws:ResourceTag/${TagKey}`',
    );
  });

  test('output is byte-identical across runs', async () => {
    const again = await emitTypeScript(contextOf(services));

    expect(again).toEqual(files);
  });

  test('output does not depend on service order', async () => {
    const reversed = await emitTypeScript({ ...contextOf(services), services: [...contextOf(services).services].reverse() });

    expect(reversed).toEqual(files);
  });
});

describe('emitTypeScript on text that breaks naive output', () => {
  let service: Service;
  let files: OutputFile[];
  let folder: EmittedFolder;
  let modules: Record<string, unknown>;

  beforeAll(async () => {
    service = await readModelFixture('tricky-text');
    files = await emitTypeScript(contextOf([service]));
    folder = await writeEmitted(files);
    modules = await importEmitted(folder, files);
  });

  afterAll(async () => {
    await folder.remove();
  });

  test('compiles strict with zero diagnostics', { timeout: COMPILE_TIMEOUT }, () => {
    expect(compileEmitted(folder, files)).toEqual([]);
  });

  test('action values read back equal', () => {
    const expected = service.actions.map((action) => `${service.prefix}:${action.name}`);

    expect(Object.values(modules['TrickyAction'] as object)).toEqual(expected);
  });

  test('action member names follow the naming rules', () => {
    const expected = actionMemberNames(service.actions.map((action) => action.name));

    expect(Object.keys(modules['TrickyAction'] as object)).toEqual(expected);
  });

  test('resource type values read back equal', () => {
    const expected = service.resourceTypes.map((resourceType) => resourceType.arnPattern);

    expect(Object.values(modules['TrickyResourceType'] as object)).toEqual(expected);
  });

  test('condition key values read back equal', () => {
    const expected = service.conditionKeys.map((conditionKey) => conditionKey.name);

    expect(Object.values(modules['TrickyConditionKey'] as object)).toEqual(expected);
  });

  test('condition key member names follow the naming rules', () => {
    const expected = convertedMemberNames(service.conditionKeys.map((conditionKey) => conditionKey.name));

    expect(Object.keys(modules['TrickyConditionKey'] as object)).toEqual(expected);
  });

  test.each(['TrickyAction', 'TrickyResourceType', 'TrickyConditionKey'])('every %s member has one doc comment', (enumName) => {
    const docs = memberDocs(fileAt(files, 'src/tricky.ts'), enumName);

    expect([...docs.values()].map((doc) => doc.jsDocCount)).toEqual([...docs.values()].map(() => 1));
  });

  test('comment terminator in a description is escaped', () => {
    const doc = memberDocs(fileAt(files, 'src/tricky.ts'), 'TrickyAction').get('CloseComment');

    expect(doc?.comment.split('\n')[0]).toBe('Ends a comment early: *\\/ then /* and /** again *\\/');
    expect(doc?.tags).toEqual([{ name: 'see', text: 'https://example.com/a*\\/b?x=`${y}`' }]);
  });

  test('at signs in a description make no tags', () => {
    const doc = memberDocs(fileAt(files, 'src/tricky.ts'), 'TrickyAction').get('AtSigns');

    expect(doc?.tags).toEqual([]);
    expect(doc?.comment.split('\n')[0]).toBe('Text with \\@see and {\\@link x} and \\@param inside, plus a.b@example.com');
  });

  test('control characters in a description are shown escaped', () => {
    const doc = memberDocs(fileAt(files, 'src/tricky.ts'), 'TrickyAction').get('Control');

    expect(doc?.comment.split('\n')[0]).toBe(
      'Control characters [\\u{0}] [\\u{1}] [\\u{7}] [\\u{8}] [\t] [\\u{B}] [\\u{C}] [\\u{1B}] [\\u{7F}] [\\u{85}] lone surrogate [\\u{D800}] pair [\u{1F600}]',
    );
  });

  test('line separators in a description become lines', () => {
    const doc = memberDocs(fileAt(files, 'src/tricky.ts'), 'TrickyAction').get('LineSeparatorsAnd');

    expect(doc?.comment.split('\n').slice(0, 6)).toEqual(['Line separator [', '] paragraph separator [', '] newline [', '] carriage return [', '] CRLF [', ']']);
  });

  test('emitted source holds no raw invisible character', () => {
    const source = fileAt(files, 'src/tricky.ts');

    expect(source).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
  });
});

/** Transpile one emitted module to CommonJS and run it, returning its exports; `require` loads other emitted modules the same way. */
function evaluateModule(files: OutputFile[], path: string): Record<string, Record<string, string>> {
  const { outputText } = ts.transpileModule(fileAt(files, path), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const exports: Record<string, Record<string, string>> = {};
  const require = (specifier: string): unknown => evaluateModule(files, `src/${specifier.replace(/^\.\//, '').replace(/\.js$/, '.ts')}`);
  new Function('exports', 'require', outputText)(exports, require);
  return exports;
}

describe('emitted string literals', () => {
  const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((value) => String.fromCharCode(value));
  const hardText = fc.constantFrom('"', "'", '`', '${', '\\', '*/', '/*', '</script>', '\u2028', '\u2029', '\u0000', '\u007f', '\u202e', '\ud800', '\r\n', 'a', '0', '7');
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: codeUnit }), fc.string({ unit: hardText }));

  test('any ARN pattern and condition key reads back equal', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, async (arnPattern, keyName) => {
        const service: Service = {
          prefix: 'prop',
          name: keyName,
          pages: [],
          actions: [{ name: 'Act', description: arnPattern, accessLevel: 'Read', resourceTypes: [], conditionKeys: [keyName], dependentActions: [], sources: [] }],
          resourceTypes: [{ name: 'thing', arnPattern, conditionKeys: [keyName], sources: [] }],
          conditionKeys: [{ name: keyName, description: arnPattern, type: keyName, sources: [] }],
        };
        const files = await emitTypeScript(contextOf([service]));
        const exports = evaluateModule(files, 'src/prop.ts');

        expect(Object.values(exports['PropResourceType']!)).toEqual([arnPattern]);
        expect(Object.values(exports['PropConditionKey']!)).toEqual([keyName]);
        expect(rebuildArn(exports, arnPattern)).toBe(arnPattern);
      }),
      { numRuns: 200 },
    );
  });
});

/** Call the ARN builder of the `thing` resource type with each placeholder's own `${Name}` text as its part. */
function rebuildArn(exports: Record<string, unknown>, arnPattern: string): string {
  const placeholders = [...new Set(splitArnPattern(arnPattern).flatMap((part) => ('placeholder' in part ? [part.placeholder] : [])))];
  const properties = placeholderPropertyNames(placeholders);
  const parts = Object.fromEntries(placeholders.map((placeholder, index) => [properties[index]!, `\${${placeholder}}`]));
  const builders = exports['propArn'] as Record<string, (parts: Record<string, string>) => string>;
  return builders['thing']!(parts);
}

describe('commentText', () => {
  test('any text stays inside its comment', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((value) => String.fromCharCode(value));
    const text = fc.oneof(fc.string({ unit: codeUnit }), fc.string({ unit: fc.constantFrom('*', '/', '@', '\n', '\u2028', 'a', ' ', '{') }));

    fc.assert(
      fc.property(text, (input) => {
        const escaped = commentText(input).split('\n').join('\n * ');
        const source = ts.createSourceFile('doc.ts', `/**\n * ${escaped}\n */\nexport const x = 1;\n`, ts.ScriptTarget.ES2022, true);
        const statement = source.statements[0]!;

        expect(source.statements).toHaveLength(1);
        expect(ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc)).toHaveLength(1);
        expect(ts.getJSDocTags(statement)).toHaveLength(0);
      }),
    );
  });
});

/**
 * The exports of a service module beyond its enums: the actions of each
 * access level, the metadata records of its actions, resource types and
 * condition keys, and one ARN builder per resource type. Names follow rule 6
 * of `identifiers.ts`.
 *
 * The three records hold one row per action, resource type or condition key
 * and are written as text under `// prettier-ignore`, one row per line:
 * prettier then only parses them, which keeps formatting time bounded on a
 * model of 20,000 actions. Each row is printed by the TypeScript printer,
 * which escapes every string literal.
 */
import { ts } from 'ts-morph';

import { ACCESS_LEVELS, type Action, type Service } from '../model/types.js';
import { commentText, docCommentSource, withDocComment } from './doc-comment.js';
import { ACCESS_LEVEL_WORDS, convertedMemberNames, lowerFirst, placeholderPropertyNames, type ServiceIdentifiers } from './identifiers.js';

const factory = ts.factory;
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
const emptyFile = ts.createSourceFile('rows.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

/** Return the names that a service module exports besides its enums (rule 6 of `identifiers.ts`). */
export function serviceExportNames(names: ServiceIdentifiers) {
  const lower = lowerFirst(names.base);
  return {
    levelTypes: ACCESS_LEVEL_WORDS.map((word) => `${names.base}${word}Action`),
    levelArrays: ACCESS_LEVEL_WORDS.map((word) => `${lower}${word}Actions`),
    actionMetadata: `${lower}ActionMetadata`,
    resourceTypes: `${lower}ResourceTypes`,
    conditionKeys: `${lower}ConditionKeys`,
    arn: `${lower}Arn`,
  };
}

/** Build the import of the table helpers that every service module needs. */
export function commonImport(): ts.ImportDeclaration {
  const specifiers = ['actionTable', 'conditionKeyTable', 'resourceTypeTable'].map((name) => factory.createImportSpecifier(false, undefined, factory.createIdentifier(name)));
  const clause = factory.createImportClause(false, undefined, factory.createNamedImports(specifiers));
  return factory.createImportDeclaration(undefined, clause, factory.createStringLiteral('./_common.js'));
}

/**
 * For each access level, a readonly array of the actions at that level and
 * its union type. Every service has all five, empty where no action has the
 * level, so that code importing them does not depend on the model.
 */
export function accessLevelStatements(service: Service, names: ServiceIdentifiers, memberNames: readonly string[], serviceLabel: string): ts.Statement[] {
  const exportNames = serviceExportNames(names);
  const statements: ts.Statement[] = [];

  ACCESS_LEVELS.forEach((level, index) => {
    const members = service.actions.flatMap((action, actionIndex) => (action.accessLevel === level ? [memberNames[actionIndex]!] : []));
    const elements = members.map((member) => factory.createPropertyAccessExpression(factory.createIdentifier(names.actionEnum), member));
    const arrayName = exportNames.levelArrays[index]!;
    const literal = factory.createAsExpression(factory.createArrayLiteralExpression(elements, elements.length > 0), factory.createTypeReferenceNode('const'));
    // Frozen like every other export, so that one consumer cannot change the list for another.
    const array = factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier('Object'), 'freeze'), undefined, [literal]);
    const declaration = factory.createVariableDeclarationList([factory.createVariableDeclaration(arrayName, undefined, undefined, array)], ts.NodeFlags.Const);
    const arrayDoc = `The actions of ${serviceLabel} whose access level is ${level}. Actions whose page gives no access level are in no such array.`;
    statements.push(withDocComment(factory.createVariableStatement([factory.createModifier(ts.SyntaxKind.ExportKeyword)], declaration), commentText(arrayDoc)));

    const element = factory.createIndexedAccessTypeNode(factory.createTypeQueryNode(factory.createIdentifier(arrayName)), factory.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword));
    const alias = factory.createTypeAliasDeclaration([factory.createModifier(ts.SyntaxKind.ExportKeyword)], exportNames.levelTypes[index]!, undefined, element);
    statements.push(withDocComment(alias, commentText(`An action of ${serviceLabel} whose access level is ${level}.`)));
  });

  return statements;
}

/** Build the metadata record of the service's actions, keyed by action, as formatted text. */
export function actionMetadataSource(service: Service, names: ServiceIdentifiers, memberNames: readonly string[], serviceLabel: string): string {
  const rows = service.actions.map((action, index) => actionRow(action, factory.createPropertyAccessExpression(factory.createIdentifier(names.actionEnum), memberNames[index]!)));
  const doc = [
    `What the reference says about each action of ${serviceLabel}, keyed by action.`,
    'Each row is: action, access level, resource types (`[name, 1 if required]`), condition keys,',
    'dependent actions, documentation URL, 1 if permission only. `null` means the page does not say.',
  ].join('\n');

  // An enum without members is no subtype of `string`, so a service without actions gets `never`.
  const actionType = service.actions.length > 0 ? names.actionEnum : 'never';
  return tableSource(serviceExportNames(names).actionMetadata, `actionTable<${actionType}>`, rows, doc);
}

function actionRow(action: Action, member: ts.Expression): ts.Expression {
  const resourceTypes =
    action.resourceTypes === null
      ? factory.createNull()
      : factory.createArrayLiteralExpression(action.resourceTypes.map((resourceType) => factory.createArrayLiteralExpression([string(resourceType.name), flag(resourceType.required)])));

  return factory.createArrayLiteralExpression([
    member,
    action.accessLevel === null ? factory.createNull() : string(action.accessLevel),
    resourceTypes,
    stringsOrNull(action.conditionKeys),
    stringsOrNull(action.dependentActions),
    action.documentationUrl === undefined ? factory.createNull() : string(action.documentationUrl),
    flag(action.permissionOnly === true),
  ]);
}

/** Build the record of the service's resource types, keyed by name, as formatted text. */
export function resourceTypeMetadataSource(service: Service, names: ServiceIdentifiers, serviceLabel: string): string {
  const rows = service.resourceTypes.map((resourceType) =>
    factory.createArrayLiteralExpression([string(resourceType.name), string(resourceType.arnPattern), factory.createArrayLiteralExpression(resourceType.conditionKeys.map(string))]),
  );
  const doc = `The resource types of ${serviceLabel}, keyed by name. Each row is: name, ARN pattern, condition keys.`;

  return tableSource(serviceExportNames(names).resourceTypes, 'resourceTypeTable', rows, doc);
}

/** Build the record of the service's condition keys, keyed by name, as formatted text. */
export function conditionKeyMetadataSource(service: Service, names: ServiceIdentifiers, serviceLabel: string): string {
  const members = convertedMemberNames(service.conditionKeys.map((conditionKey) => conditionKey.name));
  const rows = service.conditionKeys.map((conditionKey, index) =>
    factory.createArrayLiteralExpression([
      factory.createPropertyAccessExpression(factory.createIdentifier(names.conditionKeyEnum), members[index]!),
      conditionKey.type === null ? factory.createNull() : string(conditionKey.type),
      conditionKey.description === null ? factory.createNull() : string(conditionKey.description),
    ]),
  );
  const keyType = service.conditionKeys.length > 0 ? names.conditionKeyEnum : 'never';
  const doc = `The condition keys of ${serviceLabel}, keyed by name. Each row is: name, type, description.`;

  return tableSource(serviceExportNames(names).conditionKeys, `conditionKeyTable<${keyType}>`, rows, doc);
}

function tableSource(name: string, helper: string, rows: ts.Expression[], doc: string): string {
  const lines = rows.map((row) => `  ${printer.printNode(ts.EmitHint.Expression, row, emptyFile)},`);
  const body = lines.length === 0 ? '[]' : `[\n${lines.join('\n')}\n]`;

  return `${docCommentSource(commentText(doc))}\n// prettier-ignore\nexport const ${name} = ${helper}(${body});`;
}

/**
 * One ARN builder per resource type, as methods of a frozen object: the
 * method takes the placeholders of the ARN pattern as named parts and
 * returns the ARN. `partition` is optional and defaults to `aws`.
 */
export function arnBuilderStatement(service: Service, names: ServiceIdentifiers, serviceLabel: string): ts.Statement {
  const methodNames = convertedMemberNames(service.resourceTypes.map((resourceType) => resourceType.name)).map(lowerFirst);
  const methods = service.resourceTypes.map((resourceType, index) => arnBuilder(methodNames[index]!, resourceType.name, resourceType.arnPattern, serviceLabel));
  const object = factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier('Object'), 'freeze'), undefined, [
    factory.createObjectLiteralExpression(methods, true),
  ]);
  const declaration = factory.createVariableDeclarationList([factory.createVariableDeclaration(serviceExportNames(names).arn, undefined, undefined, object)], ts.NodeFlags.Const);
  const statement = factory.createVariableStatement([factory.createModifier(ts.SyntaxKind.ExportKeyword)], declaration);

  return withDocComment(statement, commentText(`Builders of the ARNs of ${serviceLabel} resources, one per resource type.`));
}

/** A piece of an ARN pattern: literal text, or a placeholder such as `${Region}` by its name. */
type PatternPart = { text: string } | { placeholder: string };

/** Split an ARN pattern into literal text and `${Name}` placeholders. */
export function splitArnPattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let last = 0;
  for (const match of pattern.matchAll(/\$\{([^{}]*)\}/g)) {
    if (match.index > last) parts.push({ text: pattern.slice(last, match.index) });
    parts.push({ placeholder: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < pattern.length || parts.length === 0) parts.push({ text: pattern.slice(last) });
  return parts;
}

function arnBuilder(methodName: string, resourceName: string, arnPattern: string, serviceLabel: string): ts.MethodDeclaration {
  const parts = splitArnPattern(arnPattern);
  const placeholders = [...new Set(parts.flatMap((part) => ('placeholder' in part ? [part.placeholder] : [])))];
  const properties = placeholderPropertyNames(placeholders);
  const propertyOf = new Map(placeholders.map((placeholder, index) => [placeholder, properties[index]!]));
  const defaulted = properties.includes('partition') ? 'partition' : null;

  const valueOf = (placeholder: string): ts.Expression => {
    const property = propertyOf.get(placeholder)!;
    const access = factory.createPropertyAccessExpression(factory.createIdentifier('parts'), property);
    if (property !== defaulted) return access;
    return factory.createParenthesizedExpression(factory.createBinaryExpression(access, ts.SyntaxKind.QuestionQuestionToken, string('aws')));
  };

  const signatures = properties.map((property) =>
    factory.createPropertySignature([factory.createModifier(ts.SyntaxKind.ReadonlyKeyword)], property, property === defaulted ? factory.createToken(ts.SyntaxKind.QuestionToken) : undefined, factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)),
  );
  const parameters = properties.length === 0 ? [] : [factory.createParameterDeclaration(undefined, undefined, 'parts', undefined, factory.createTypeLiteralNode(signatures))];
  const body = factory.createBlock([factory.createReturnStatement(arnExpression(parts, valueOf))], true);
  const method = factory.createMethodDeclaration(undefined, undefined, methodName, undefined, undefined, parameters, factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), body);

  const partsText = placeholders.map((placeholder) => `\`${propertyOf.get(placeholder)}\` for \`\${${placeholder}}\``).join(', ');
  const lines = [`Build the ARN of a resource of type \`${resourceName}\` of ${serviceLabel}.`, '', `- ARN pattern: \`${arnPattern}\``];
  if (placeholders.length > 0) lines.push(`- Parts: ${partsText}${defaulted === null ? '' : '; `partition` defaults to `aws`'}`);
  return withDocComment(method, commentText(lines.join('\n')));
}

/** Build a template literal that fills the placeholders, or a string literal when the pattern has none. */
function arnExpression(parts: PatternPart[], valueOf: (placeholder: string) => ts.Expression): ts.Expression {
  if (parts.every((part) => 'text' in part)) return string(parts.map((part) => ('text' in part ? part.text : '')).join(''));

  // A template starts and ends with literal text, so placeholders are grouped with the text that follows them.
  const head = parts[0] !== undefined && 'text' in parts[0] ? parts[0].text : '';
  const rest = 'text' in parts[0]! ? parts.slice(1) : parts;
  const spans: ts.TemplateSpan[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const part = rest[index]!;
    if (!('placeholder' in part)) continue;
    const next = rest[index + 1];
    const text = next !== undefined && 'text' in next ? next.text : '';
    const isLast = rest.slice(index + 1).every((later) => 'text' in later);
    spans.push(factory.createTemplateSpan(valueOf(part.placeholder), isLast ? factory.createTemplateTail(text) : factory.createTemplateMiddle(text)));
  }
  return factory.createTemplateExpression(factory.createTemplateHead(head), spans);
}

function string(text: string): ts.StringLiteral {
  return factory.createStringLiteral(text);
}

function flag(value: boolean): ts.NumericLiteral {
  return factory.createNumericLiteral(value ? 1 : 0);
}

function stringsOrNull(items: string[] | null): ts.Expression {
  return items === null ? factory.createNull() : factory.createArrayLiteralExpression(items.map(string));
}

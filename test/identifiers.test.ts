import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import {
  actionMemberNames,
  assignIdentifiers,
  convertedMemberNames,
  isSafeIdentifier,
  placeholderPropertyNames,
  serviceIdentifiers,
  toActionMemberName,
  toPascalIdentifier,
} from '../generator/emit/identifiers.js';
import { emitTypeScript } from '../generator/emit/typescript.js';
import type { OutputFile } from '../generator/emit/types.js';
import type { Service } from '../generator/model/types.js';
import { compileEmitted, contextOf, importEmitted, readModelFixture, writeEmitted } from './helpers/emitted-typescript.js';
import type { EmittedFolder } from './helpers/emitted-typescript.js';

describe('toPascalIdentifier', () => {
  test.each([
    ['chime', 'Chime'],
    ['aws-marketplace', 'AwsMarketplace'],
    ['execute-api', 'ExecuteApi'],
    ['ec2', 'Ec2'],
    ['a4b', 'A4b'],
    ['elasticloadbalancing', 'Elasticloadbalancing'],
    ['aws:RequestTag/${TagKey}', 'AwsRequestTagTagKey'],
    ['a.b/c:d', 'ABCD'],
    ['snake_case_name', 'SnakeCaseName'],
    ['ReservedInstances', 'ReservedInstances'],
    ['2fa', '_2fa'],
    ['2fa-device', '_2faDevice'],
    ['', '_'],
    ['---', '_'],
    ['${}', '_'],
    ['über', 'Ber'],
    ['delete', 'Delete'],
  ])('%j becomes %s', (text, identifier) => {
    expect(toPascalIdentifier(text)).toBe(identifier);
  });
});

describe('toActionMemberName', () => {
  test.each([
    ['CreateMeeting', 'CreateMeeting'],
    ['lowerCamel', 'lowerCamel'],
    ['Foo$Bar', 'Foo$Bar'],
    ['Under_Score', 'Under_Score'],
    ['Get-Thing', 'GetThing'],
    ['delete', 'Delete'],
    ['default', 'Default'],
    ['class', 'Class'],
    ['await', 'Await'],
    ['__proto__', 'Proto'],
    ['2StepVerify', '_2StepVerify'],
    ['A:B/C', 'ABC'],
    ['${Bad}', 'Bad'],
  ])('%j becomes %s', (action, member) => {
    expect(toActionMemberName(action)).toBe(member);
  });
});

describe('isSafeIdentifier', () => {
  test.each([
    ['Chime', true],
    ['_2fa', true],
    ['$x', true],
    ['2fa', false],
    ['a-b', false],
    ['yield', false],
    ['let', false],
    ['', false],
  ])('%j is %s', (text, safe) => {
    expect(isSafeIdentifier(text)).toBe(safe);
  });
});

describe('collisions', () => {
  test('converted names take suffixes in sorted order', () => {
    expect(convertedMemberNames(['get.thing', 'Get-Thing', 'GetThing'])).toEqual(['GetThing_3', 'GetThing', 'GetThing_2']);
  });

  test('kept names are claimed before converted ones', () => {
    expect(actionMemberNames(['Get-Thing', 'GetThing', 'GetThing_2'])).toEqual(['GetThing_3', 'GetThing', 'GetThing_2']);
  });

  test('duplicate kept names get a suffix', () => {
    expect(actionMemberNames(['Same', 'Same'])).toEqual(['Same', 'Same_2']);
  });

  test('reserved word collides with its PascalCase form', () => {
    expect(actionMemberNames(['Delete', 'delete'])).toEqual(['Delete', 'Delete_2']);
  });

  test('names differing only in case do not collide', () => {
    expect(actionMemberNames(['getThing', 'GetThing'])).toEqual(['getThing', 'GetThing']);
  });

  test('result does not depend on input order', () => {
    const names = ['b-c', 'BC', 'b.c', 'a', 'A'];
    const forward = assignIdentifiers(names, () => false);
    const backward = assignIdentifiers([...names].reverse(), () => false).reverse();

    expect(backward).toEqual(forward);
  });
});

describe('serviceIdentifiers', () => {
  const identifiers = serviceIdentifiers(['index', 'awsmarketplace', 'awsMarketplace', 'aws.marketplace', 'aws-marketplace', '2fa-x.rules/v1:${y}', 'chime']);

  test.each([
    ['chime', 'chime', 'ChimeAction', 'ChimeResourceType', 'ChimeConditionKey'],
    ['aws-marketplace', 'aws-marketplace', 'AwsMarketplaceAction', 'AwsMarketplaceResourceType', 'AwsMarketplaceConditionKey'],
    ['aws.marketplace', 'aws-marketplace_2', 'AwsMarketplace_2Action', 'AwsMarketplace_2ResourceType', 'AwsMarketplace_2ConditionKey'],
    ['awsMarketplace', 'awsmarketplace', 'AwsMarketplace_3Action', 'AwsMarketplace_3ResourceType', 'AwsMarketplace_3ConditionKey'],
    ['awsmarketplace', 'awsmarketplace_2', 'AwsmarketplaceAction', 'AwsmarketplaceResourceType', 'AwsmarketplaceConditionKey'],
    ['index', 'index_2', 'IndexAction', 'IndexResourceType', 'IndexConditionKey'],
    ['2fa-x.rules/v1:${y}', '2fa-x-rules-v1---y-', '_2faXRulesV1YAction', '_2faXRulesV1YResourceType', '_2faXRulesV1YConditionKey'],
  ])('%j gets module %s and enums %s, %s, %s', (prefix, moduleName, actionEnum, resourceTypeEnum, conditionKeyEnum) => {
    expect(identifiers.get(prefix)).toMatchObject({ prefix, moduleName, actionEnum, resourceTypeEnum, conditionKeyEnum });
  });
});

describe('access level bases', () => {
  const identifiers = serviceIdentifiers(['chime', 'chime-write', 'ChimeList', 'write', 'chime-tagging-x']);

  test.each([
    ['chime', 'Chime'],
    ['chime-write', 'ChimeWrite_2'],
    ['ChimeList', 'ChimeList_2'],
    ['write', 'Write'],
    ['chime-tagging-x', 'ChimeTaggingX'],
  ])('%j gets base %s', (prefix, base) => {
    expect(identifiers.get(prefix)?.base).toBe(base);
  });
});

describe('placeholderPropertyNames', () => {
  test.each([
    [['Partition', 'BucketName'], ['partition', 'bucketName']],
    [['2faId', 'default'], ['_2faId', 'default']],
    [['Key', 'key', 'key-id'], ['key', 'key_2', 'keyId']],
    [[''], ['_']],
  ])('%j become %j', (placeholders, properties) => {
    expect(placeholderPropertyNames(placeholders)).toEqual(properties);
  });
});

describe('fixture exercising every rule', () => {
  const clonePrefixes = ['aws-marketplace', 'aws.marketplace', 'awsMarketplace', 'awsmarketplace', 'index'];
  let rules: Service;
  let files: OutputFile[];
  let folder: EmittedFolder;
  let modules: Record<string, unknown>;

  beforeAll(async () => {
    rules = await readModelFixture('identifier-rules');
    const chime = await readModelFixture('chime');
    const clones = clonePrefixes.map((prefix): Service => ({ ...chime, prefix }));

    files = await emitTypeScript(contextOf([rules, ...clones]));
    folder = await writeEmitted(files);
    modules = await importEmitted(folder, files);
  });

  afterAll(async () => {
    await folder.remove();
  });

  // Type-checking loads the standard library declarations, which takes seconds on a busy machine.
  test('compiles strict with zero diagnostics', { timeout: 60_000 }, () => {
    expect(compileEmitted(folder, files)).toEqual([]);
  });

  test('module paths are unique without case', () => {
    const paths = files.map((file) => file.path.toLowerCase());

    expect(new Set(paths).size).toBe(paths.length);
  });

  test('index module is not replaced by a service', () => {
    expect(files.map((file) => file.path)).toContain('src/index_2.ts');
  });

  test.each([
    ['CreateThing', 'CreateThing'],
    ['Get-Thing', 'GetThing_3'],
    ['GetThing', 'GetThing'],
    ['get.thing', 'GetThing_4'],
    ['GetThing_2', 'GetThing_2'],
    ['delete', 'Delete'],
    ['class', 'Class'],
    ['__proto__', 'Proto'],
    ['2StepVerify', '_2StepVerify'],
    ['A:B/C', 'ABC'],
    ['${Bad}', 'Bad'],
    ['---', '_'],
    ['Foo$Bar', 'Foo$Bar'],
  ])('action %j is member %s', (action, member) => {
    const actions = modules['_2faXRulesV1YAction'] as Record<string, string>;

    expect(actions[member]).toBe(`${rules.prefix}:${action}`);
  });

  test.each([
    ['thing', 'Thing_2'],
    ['Thing', 'Thing'],
    ['thing-type', 'ThingType'],
    ['2fa-device', '_2faDevice'],
    ['default', 'Default'],
  ])('resource type %j is member %s', (name, member) => {
    const resourceTypes = modules['_2faXRulesV1YResourceType'] as Record<string, string>;
    const arnPattern = rules.resourceTypes.find((resourceType) => resourceType.name === name)?.arnPattern;

    expect(resourceTypes[member]).toBe(arnPattern);
  });

  test.each([
    ['aws:RequestTag/${TagKey}', 'AwsRequestTagTagKey'],
    ['aws:requestTag/${tagKey}', 'AwsRequestTagTagKey_2'],
    ['rules:2fa', 'Rules2fa'],
    ['rules:class', 'RulesClass'],
  ])('condition key %j is member %s', (name, member) => {
    const conditionKeys = modules['_2faXRulesV1YConditionKey'] as Record<string, string>;

    expect(conditionKeys[member]).toBe(name);
  });

  test.each(clonePrefixes)('service %j exports its own actions', (prefix) => {
    const names = serviceIdentifiers([rules.prefix, ...clonePrefixes]).get(prefix)!;
    const actions = modules[names.actionEnum] as Record<string, string>;

    expect(actions['CreateMeeting']).toBe(`${prefix}:CreateMeeting`);
  });
});

/**
 * The policy schema against real policies: `schema/iam-policy.schema.json`
 * generated from the HTML pages of 2026-06-14 must accept the AWS managed
 * policies of the corpus, except for actions that those pages do not list,
 * and must reject a misspelled action. Plus unit cases on a small model.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';

import { policySchema, trieSource } from '../generator/emit/policy-schema.js';
import { CORPUS, HAS_CORPUS, runCli, temporaryFolder } from './helpers/run-cli.js';
import { readModelFixture } from './helpers/emitted-typescript.js';

const HTML_PAGES = path.join(CORPUS, 'service-authorization-html/2026-06-14');
const POLICIES = path.join(CORPUS, 'managed-policies');

/** Actions of the managed policies that the 2026-06-14 pages do not list, and why. */
const NOT_IN_REFERENCE: Record<string, string> = {
  'account-access:CreateEntitlement': 'no page of 2026-06-14 has the service prefix account-access',
  'account-access:ListApplications': 'no page of 2026-06-14 has the service prefix account-access',
  'account-access:ListEntitlements': 'no page of 2026-06-14 has the service prefix account-access',
};

interface ManagedPolicy {
  PolicyName: string;
  Document: { Statement: unknown };
}

function compile(schema: object): ValidateFunction {
  return new Ajv2020({ strict: true, allErrors: true }).compile(schema);
}

/** Every `Action` and `NotAction` value of a policy document. */
function actionsOf(document: ManagedPolicy['Document']): string[] {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return (statements as Record<string, unknown>[]).flatMap((statement) => [statement['Action'], statement['NotAction']].flat().filter((value): value is string => typeof value === 'string'));
}

describe('policy schema on a small model', () => {
  let validate: ValidateFunction;

  beforeAll(async () => {
    validate = compile(policySchema([await readModelFixture('chime')]));
  });

  test.each([
    ['known action', 'chime:CreateMeeting', true],
    ['known action in lower case', 'chime:createmeeting', true],
    ['known action with upper-case prefix', 'CHIME:ListMeetings', true],
    ['misspelled action', 'chime:CreateMeting', false],
    ['longer than a known action', 'chime:CreateMeetings', false],
    ['prefix of a known action', 'chime:Create', false],
    ['unknown prefix', 'chimes:CreateMeeting', false],
    ['wildcard of a known prefix', 'chime:List*', true],
    ['question mark', 'chime:?reateMeeting', true],
    ['service wildcard', 'chime:*', true],
    ['wildcard of an unknown prefix', 'chimes:*', false],
    ['every service', '*', true],
    ['any prefix', '*:Get*', true],
    ['no colon', 'CreateMeeting', false],
  ])('%s', (_name, action, valid) => {
    expect(validate({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: action, Resource: '*' } })).toBe(valid);
  });

  test.each([
    ['Action and NotAction', { Effect: 'Allow', Action: '*', NotAction: 'chime:*' }],
    ['neither Action nor NotAction', { Effect: 'Allow', Resource: '*' }],
    ['no Effect', { Action: '*' }],
    ['unknown element', { Effect: 'Allow', Action: '*', Actions: '*' }],
    ['Resource and NotResource', { Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' }],
  ])('rejects a statement with %s', (_name, statement) => {
    expect(validate({ Version: '2012-10-17', Statement: [statement] })).toBe(false);
  });

  test('accepts a full statement', () => {
    const statement = {
      Sid: 'Full',
      Effect: 'Deny',
      NotPrincipal: { AWS: ['arn:aws:iam::123456789012:root'] },
      NotAction: ['chime:CreateMeeting', 'chime:Tag*'],
      NotResource: 'arn:aws:chime:*',
      Condition: { StringEquals: { 'aws:TagKeys': ['a', 'b'] }, Bool: { 'aws:SecureTransport': false } },
    };

    expect(validate({ Version: '2012-10-17', Id: 'x', Statement: statement })).toBe(true);
  });
});

describe('trieSource', () => {
  test.each([
    [['get', 'getall', 'list'], '(?:[gG][eE][tT](?:[aA][lL][lL])?|[lL][iI][sS][tT])'],
    [['a-1'], '[aA]-1'],
    [[], ''],
  ])('%j becomes %s', (words, source) => {
    expect(trieSource(words)).toBe(source);
  });
});

describe.skipIf(!HAS_CORPUS)('policy schema on the managed policies', () => {
  let validate: ValidateFunction;
  let policies: ManagedPolicy[];
  let schemaBytes: number;
  let compileMilliseconds: number;

  beforeAll(async () => {
    const out = path.join(await temporaryFolder('policy-schema'), 'generated');
    const run = runCli(['generate', '--docs', HTML_PAGES, '--out', out, '--date', '2026-06-14']);
    const text = await readFile(path.join(out, 'schema/iam-policy.schema.json'), 'utf8').catch(() => {
      throw new Error(`generate wrote no policy schema (status ${run.status}):\n${run.stderr.slice(-2000)}`);
    });
    schemaBytes = text.length;

    const started = performance.now();
    validate = compile(JSON.parse(text) as object);
    compileMilliseconds = performance.now() - started;

    const files = (await readdir(POLICIES)).filter((file) => file.endsWith('.json')).sort();
    policies = await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(POLICIES, file), 'utf8')) as ManagedPolicy));
  }, 120_000);

  test('schema stays small', () => {
    expect(schemaBytes).toBeLessThan(2_000_000);
  });

  test('schema compiles in strict mode quickly', () => {
    expect(compileMilliseconds).toBeLessThan(10_000);
  });

  test('every policy is valid but for actions missing from the reference', () => {
    const rejected: Record<string, string[]> = {};
    for (const policy of policies) {
      if (validate(policy.Document)) continue;
      const unknown = actionsOf(policy.Document).filter((action) => !validate({ Statement: { Effect: 'Allow', Action: action } }));
      rejected[policy.PolicyName] = unknown.map((action) => `${action}: ${NOT_IN_REFERENCE[action] ?? 'not found, with no known reason'}`).sort();
    }

    expect(rejected).toEqual({
      AWSManagedAccountUserEntitlementAccess: Object.entries(NOT_IN_REFERENCE).map(([action, reason]) => `${action}: ${reason}`).sort(),
    });
  });

  test('misspelled action is rejected', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjet'], Resource: '*' }] };

    expect(validate(policy)).toBe(false);
  });

  test('lower-case action of an AWS policy is valid', () => {
    expect(validate({ Statement: { Effect: 'Allow', Action: 'access-analyzer:getAnalyzer' } })).toBe(true);
  });
});

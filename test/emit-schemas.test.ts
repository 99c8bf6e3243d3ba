import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';

import { actionsSchema, emitSchemas } from '../generator/emit/schemas.js';
import type { OutputFile } from '../generator/emit/types.js';
import type { Service } from '../generator/model/types.js';
import { serviceSchema } from '../generator/validate/model-schema.js';
import { contextOf, readModelFixture } from './helpers/emitted-typescript.js';

function fileAt(files: OutputFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (file === undefined) throw new Error(`${path} was not emitted`);
  return file.content;
}

describe('emitSchemas', () => {
  let services: Service[];
  let files: OutputFile[];

  beforeAll(async () => {
    services = [await readModelFixture('chime'), await readModelFixture('legacy-list')];
    files = await emitSchemas(contextOf(services));
  });

  test('emits the actions and model schemas', () => {
    expect(files.map((file) => file.path)).toEqual(['schema/actions.schema.json', 'schema/model.schema.json']);
  });

  test.each(['schema/actions.schema.json', 'schema/model.schema.json'])('%s is indented JSON with a final newline', (path) => {
    const content = fileAt(files, path);

    expect(content).toBe(`${JSON.stringify(JSON.parse(content), null, 2)}\n`);
  });

  test('model schema is the validation schema', () => {
    expect(JSON.parse(fileAt(files, 'schema/model.schema.json'))).toEqual(serviceSchema);
  });

  test('actions schema lists every action sorted', () => {
    const schema = JSON.parse(fileAt(files, 'schema/actions.schema.json')) as { enum: string[] };

    expect(schema.enum).toEqual(['a4b:CreateRoom', 'chime:CreateMeeting', 'chime:ListMeetings', 'chime:StartMeetingTranscription', 'chime:TagResource']);
  });

  test('actions schema compiles with ajv', () => {
    const ajv = new Ajv2020({ strict: true });

    expect(() => ajv.compile(JSON.parse(fileAt(files, 'schema/actions.schema.json')))).not.toThrow();
  });

  test.each([
    ['chime:CreateMeeting', true],
    ['a4b:CreateRoom', true],
    ['chime:DeleteEverything', false],
    ['chime:createmeeting', false],
    ['CreateMeeting', false],
    ['', false],
    [42, false],
  ])('actions schema on %j is %s', (value, valid) => {
    const validate = new Ajv2020({ strict: true }).compile(JSON.parse(fileAt(files, 'schema/actions.schema.json')));

    expect(validate(value)).toBe(valid);
  });

  test('actions schema drops duplicates and sorts by code unit', () => {
    const chime = services[0]!;
    const upper: Service = { ...chime, prefix: 'Zed' };
    const schema = actionsSchema([chime, upper, chime]) as { enum: string[] };

    expect(schema.enum).toEqual([
      'Zed:CreateMeeting',
      'Zed:ListMeetings',
      'Zed:StartMeetingTranscription',
      'Zed:TagResource',
      'chime:CreateMeeting',
      'chime:ListMeetings',
      'chime:StartMeetingTranscription',
      'chime:TagResource',
    ]);
  });

  test('output is byte-identical across runs', async () => {
    expect(await emitSchemas(contextOf(services))).toEqual(files);
  });
});

/**
 * The JSON Schema (draft 2020-12) of a service model file,
 * `model/<prefix>.json`. `generate` validates every service against it
 * before writing anything, and writes it to `schema/model.schema.json` for
 * consumers of the model.
 */
import { ACCESS_LEVELS, DIALECTS } from '../model/types.js';

const SCHEMA_ID = 'https://iamref.dev/schema/model.schema.json';

const stringArray = { type: 'array', items: { type: 'string' } } as const;
const nullableStringArray = { type: ['array', 'null'], items: { type: 'string' } } as const;

const overridden = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['field', 'documented', 'reason'],
    properties: {
      field: { type: 'string' },
      documented: { type: ['string', 'null'] },
      reason: { type: 'string' },
    },
  },
} as const;

const actionResourceType = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'required'],
  properties: {
    name: { type: 'string', minLength: 1 },
    required: { type: 'boolean' },
    conditionKeys: stringArray,
    dependentActions: stringArray,
  },
} as const;

const sources = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['file', 'line'],
    properties: {
      file: { type: 'string', minLength: 1 },
      line: { type: 'integer', minimum: 1 },
    },
  },
} as const;

export const serviceSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCHEMA_ID,
  title: 'iamref service model',
  description: 'The actions, resource types and condition keys of one AWS service prefix, read from the Service Authorization Reference. null means the source page format does not say; an empty array means none.',
  type: 'object',
  additionalProperties: false,
  required: ['prefix', 'name', 'pages', 'actions', 'resourceTypes', 'conditionKeys'],
  properties: {
    prefix: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' },
    name: { type: 'string' },
    pages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'title', 'sha256', 'dialect', 'actionsTable'],
        properties: {
          file: { type: 'string', minLength: 1 },
          title: { type: 'string' },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          dialect: { enum: [...DIALECTS] },
          actionsTable: { enum: ['present', 'placeholder', 'absent'] },
        },
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'accessLevel', 'resourceTypes', 'conditionKeys', 'dependentActions', 'sources'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
          description: { type: ['string', 'null'] },
          accessLevel: { enum: [...ACCESS_LEVELS, null] },
          documentationUrl: { type: 'string' },
          permissionOnly: { const: true },
          carriedOver: { const: true },
          overridden,
          resourceTypes: { type: ['array', 'null'], items: actionResourceType },
          scenarios: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'resourceTypes'],
              properties: {
                name: { type: 'string', minLength: 1 },
                resourceTypes: { type: 'array', items: actionResourceType },
              },
            },
          },
          conditionKeys: nullableStringArray,
          dependentActions: nullableStringArray,
          sources,
        },
      },
    },
    resourceTypes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'arnPattern', 'conditionKeys', 'sources'],
        properties: {
          name: { type: 'string', minLength: 1 },
          arnPattern: { type: 'string' },
          conditionKeys: stringArray,
          overridden,
          sources,
        },
      },
    },
    conditionKeys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'type', 'sources'],
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: ['string', 'null'] },
          type: { type: ['string', 'null'] },
          overridden,
          sources,
        },
      },
    },
    operations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'actions', 'sources'],
        properties: {
          name: { type: 'string', minLength: 1 },
          actions: stringArray,
          sources,
        },
      },
    },
  },
} as const;

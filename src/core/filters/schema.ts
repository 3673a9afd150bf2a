import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FIELDS, LIST_OPERATORS, VALUELESS_OPERATORS } from './registry.js';
import { FILTER_LIMITS, type FieldDefinition, type OperatorId } from './types.js';

/**
 * The JSON Schema of a filter tree, generated from the registry. Depth is part of the
 * schema: `node_1` … `node_N` may be groups whose children are one level deeper, and the
 * level past the limit accepts a condition only, refusing a group with a `not` keyword
 * (the only `not` keyword in the schema, so an error from it means "too deep").
 */
type Schema = Record<string, unknown>;

function scalarSchema(field: FieldDefinition, op: OperatorId): Schema {
  if (field.type === 'text') {
    return { type: 'string', minLength: 1, maxLength: FILTER_LIMITS.textLength };
  }
  if (field.type === 'enum') return { type: 'string', enum: field.options?.map((o) => o.value) };
  if (field.type === 'boolean') return { type: 'boolean' };
  if (field.type === 'date' && op !== 'in_last_days') return { type: 'string', format: 'date' };
  const type = field.type === 'number' ? 'number' : 'integer';
  return { type, minimum: field.minimum, maximum: field.maximum };
}

/** The schema of `value` for one operator of one field. */
export function valueSchema(field: FieldDefinition, op: OperatorId): Schema | false {
  if (VALUELESS_OPERATORS.has(op)) return false;
  const item = scalarSchema(field, op);
  if (op === 'between') return { type: 'array', items: item, minItems: 2, maxItems: 2 };
  if (LIST_OPERATORS.has(op) || (field.type === 'enum' && op === 'in')) {
    return { type: 'array', items: item, minItems: 1, maxItems: FILTER_LIMITS.listItems };
  }
  return item;
}

function fieldSchema(field: FieldDefinition): Schema {
  return {
    properties: { op: { enum: field.operators } },
    allOf: field.operators.map((op) => {
      const value = valueSchema(field, op);
      return {
        if: { properties: { op: { const: op } }, required: ['op'] },
        then:
          value === false
            ? { properties: { value: false } }
            : {
                required: ['value'],
                properties: { value },
              },
      };
    }),
  };
}

function conditionSchema(): Schema {
  return {
    type: 'object',
    required: ['field', 'op'],
    additionalProperties: false,
    properties: {
      field: { type: 'string', enum: FIELDS.map((f) => f.id) },
      op: { type: 'string' },
      value: {},
    },
    allOf: FIELDS.map((field) => ({
      if: { properties: { field: { const: field.id } }, required: ['field'] },
      then: { $ref: `#/$defs/field_${field.id}` },
    })),
  };
}

function groupSchema(key: 'all' | 'any' | 'not', child: Schema): Schema {
  const items =
    key === 'not'
      ? child
      : {
          type: 'array',
          maxItems: FILTER_LIMITS.conditions,
          items: child,
        };
  return { required: [key], additionalProperties: false, properties: { [key]: items } };
}

function nodeSchema(level: number): Schema {
  const child = { $ref: `#/$defs/node_${level + 1}` };
  return {
    type: 'object',
    if: { required: ['all'] },
    then: groupSchema('all', child),
    else: {
      if: { required: ['any'] },
      then: groupSchema('any', child),
      else: {
        if: { required: ['not'] },
        then: groupSchema('not', child),
        else: { $ref: '#/$defs/condition' },
      },
    },
  };
}

/** The whole schema; also what a client can fetch to validate before sending. */
export function filterSchema(): Schema {
  const defs: Record<string, Schema> = { condition: conditionSchema() };
  for (const field of FIELDS) defs[`field_${field.id}`] = fieldSchema(field);
  for (let level = 1; level <= FILTER_LIMITS.depth; level += 1) {
    defs[`node_${level}`] = nodeSchema(level);
  }
  defs[`node_${FILTER_LIMITS.depth + 1}`] = {
    type: 'object',
    not: { anyOf: [{ required: ['all'] }, { required: ['any'] }, { required: ['not'] }] },
    // allOf, not a sibling $ref: ajv applies $ref first, and "too deep" must win.
    allOf: [{ $ref: '#/$defs/condition' }],
  };
  return { $id: 'recado:filter', $ref: '#/$defs/node_1', $defs: defs };
}

let compiled: ValidateFunction | undefined;

/** The schema compiled once, on first use. */
export function filterValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: false,
      verbose: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
    });
    addFormats.default(ajv, ['date']);
    compiled = ajv.compile(filterSchema());
  }
  return compiled;
}

/**
 * speedscope's published file-format schema (https://www.speedscope.app/file-format-schema.json,
 * generated from jlfwong/speedscope src/lib/file-format-spec.ts; as of commit
 * e341b0a439ffefe744447901eff88bbde601b6da), restated for the tests: the same definitions,
 * types, enums and required fields, without the `title`s.
 */
import type { JsonSchema } from './json-schema';

const num: JsonSchema = { type: 'number' };
const str: JsonSchema = { type: 'string' };
const unit: JsonSchema = { $ref: '#/definitions/FileFormat.ValueUnit' };
const profile: JsonSchema = { anyOf: [{ $ref: '#/definitions/FileFormat.EventedProfile' }, { $ref: '#/definitions/FileFormat.SampledProfile' }] };
const frameEvent = (type: 'O' | 'C'): JsonSchema => ({
  type: 'object',
  properties: { type: { type: 'string', enum: [type] }, frame: num, at: num },
  required: ['at', 'frame', 'type'],
});

export const SPEEDSCOPE_FILE_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  $ref: '#/definitions/FileFormat.File',
  definitions: {
    'FileFormat.Profile': profile,
    'FileFormat.File': {
      type: 'object',
      properties: {
        $schema: { type: 'string', enum: ['https://www.speedscope.app/file-format-schema.json'] },
        shared: { type: 'object', properties: { frames: { type: 'array', items: { $ref: '#/definitions/FileFormat.Frame' } } }, required: ['frames'] },
        profiles: { type: 'array', items: profile },
        name: str,
        activeProfileIndex: num,
        exporter: str,
      },
      required: ['$schema', 'profiles', 'shared'],
    },
    'FileFormat.Frame': { type: 'object', properties: { name: str, file: str, line: num, col: num }, required: ['name'] },
    'FileFormat.EventedProfile': {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['evented'] },
        name: str,
        unit,
        startValue: num,
        endValue: num,
        events: { type: 'array', items: { anyOf: [{ $ref: '#/definitions/OpenFrameEvent' }, { $ref: '#/definitions/CloseFrameEvent' }] } },
      },
      required: ['endValue', 'events', 'name', 'startValue', 'type', 'unit'],
    },
    'FileFormat.SampledProfile': {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['sampled'] },
        name: str,
        unit,
        startValue: num,
        endValue: num,
        samples: { type: 'array', items: { type: 'array', items: num } },
        weights: { type: 'array', items: num },
      },
      required: ['endValue', 'name', 'samples', 'startValue', 'type', 'unit', 'weights'],
    },
    'FileFormat.ValueUnit': { type: 'string', enum: ['bytes', 'microseconds', 'milliseconds', 'nanoseconds', 'none', 'seconds'] },
    OpenFrameEvent: frameEvent('O'),
    CloseFrameEvent: frameEvent('C'),
  },
};

/**
 * The committed output imported as a consumer would: the members of
 * `ChimeAction` match the committed model.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ChimeAction } from '../generated/src/index.js';
import type { Service } from '../generator/model/types.js';

describe('committed ChimeAction', () => {
  it('has one member per action of the model', async () => {
    const model = JSON.parse(await readFile(new URL('../generated/model/chime.json', import.meta.url), 'utf8')) as Service;
    const members = Object.entries(ChimeAction);
    expect(members).toHaveLength(model.actions.length);
    for (const action of model.actions) {
      expect(ChimeAction[action.name as keyof typeof ChimeAction]).toBe(`chime:${action.name}`);
    }
  });

  it('spells values with the prefix', () => {
    expect(ChimeAction.CreateMeeting).toBe('chime:CreateMeeting');
    expect(ChimeAction.ConnectDirectory).toBe('chime:ConnectDirectory');
  });
});

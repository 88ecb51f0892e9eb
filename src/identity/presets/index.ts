import type { IdentityRules } from '../rules.js';
import { personPreset } from './person.js';
import { companyPreset } from './company.js';

export const PRESET_NAMES = ['person', 'company'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS: Readonly<Record<PresetName, IdentityRules>> = {
  person: personPreset,
  company: companyPreset,
};

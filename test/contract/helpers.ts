import { expect } from 'vitest';
import { ContractError, parseContract } from '../../src/contract/index.js';

/** Parses `yaml` expecting a `ContractError`, and returns it. */
export function contractError(yaml: string, file = 'lane.yaml'): ContractError {
  try {
    parseContract(yaml, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected the contract to be rejected');
}

/** Joins lines so that test YAML reads top to bottom with known line numbers (line 1 first). */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError, loadContract } from '../../src/contract/index.js';
import { contractError, yaml } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('contract files', () => {
  it('reports a missing file', async () => {
    const error = await rejection(loadContract('examples/contracts/nope.yaml'));
    expect(error.code).toBe('contract_not_found');
    expect(error.message).toBe('examples/contracts/nope.yaml: contract file not found; check the path');
  });

  it('reports a directory as unreadable', async () => {
    const error = await rejection(loadContract('examples/contracts'));
    expect(error.code).toBe('contract_unreadable');
  });

  it('reports an empty file and a file with only comments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-contract-'));
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '');
    const empty = await rejection(loadContract(file));
    expect(empty.code).toBe('contract_empty');
    expect(empty.message).toBe(
      `${file}: the contract is empty; it needs at least 'version: 1' and 'identity:'`,
    );
    expect(contractError('# only a comment\n').code).toBe('contract_empty');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const error = contractError(
      yaml('version: 1', 'identity:', '  preset: person', '  keys: [email,', '  prior: 0.1'),
    );
    expect(error.code).toBe('contract_syntax');
    expect(error.issues[0]).toMatchObject({ code: 'yaml_syntax', line: 5, column: 3 });
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^lane\.yaml: YAML syntax error: .+ \(line 5, column 3\)$/);
  });

  it('reports a duplicate key as a syntax error', () => {
    const error = contractError(yaml('version: 1', 'identity:', '  preset: person', '  preset: company'));
    expect(error.code).toBe('contract_syntax');
    expect(error.message).toBe('lane.yaml: YAML syntax error: Map keys must be unique (line 4, column 3)');
  });
});

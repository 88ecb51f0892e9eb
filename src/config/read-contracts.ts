import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PathIssue } from '../contract/contract-error.js';
import { ContractError } from '../contract/contract-error.js';
import { parseContract, type LaneContract } from '../contract/load-contract.js';
import type { GatewayConfigInput } from './gateway-config-schema.js';

/**
 * Reads the lane contract of every lane and checks it against the config: it must exist, have a write side,
 * carry the lane's name, and write to a system the config defines; lanes writing one system share its
 * anchor property (one connector per system). A contract's own errors throw its `ContractError`.
 */
export function readContracts(
  input: GatewayConfigInput,
  baseDir: string,
): { byLane: Map<string, LaneContract>; issues: PathIssue[] } {
  const byLane = new Map<string, LaneContract>();
  const issues: PathIssue[] = [];
  const anchorOfSystem = new Map<string, { lane: string; anchor: string | undefined }>();
  for (const [name, lane] of Object.entries(input.lanes)) {
    const path = ['lanes', name, 'contract'];
    const contract = readContract(resolve(baseDir, lane.contract), lane.contract);
    if (contract === null) {
      issues.push({
        code: 'invalid_value',
        path,
        message: `lane contract not found: ${lane.contract}`,
        hint: 'the path is relative to the config file',
      });
      continue;
    }
    const flow = contract.flow;
    if (flow === null) {
      issues.push({
        code: 'invalid_value',
        path,
        message: `${lane.contract} has no write side`,
        hint: 'a lane contract served by the gateway needs source, target and fields',
      });
      continue;
    }
    if (contract.lane !== name) {
      issues.push({
        code: 'inconsistent',
        path: ['lanes', name],
        message: `${lane.contract} is the contract of lane '${contract.lane ?? '(none)'}'`,
        hint: `name the lane '${contract.lane ?? name}' here, or set 'lane: ${name}' in the contract`,
      });
      continue;
    }
    const system = flow.target.system;
    if (input.systems[system] === undefined) {
      issues.push({
        code: 'unknown_reference',
        path,
        message: `the contract writes to system '${system}', which is not under systems`,
        hint: `add systems.${system} with kind, base_url and token_env`,
      });
      continue;
    }
    const earlier = anchorOfSystem.get(system);
    if (earlier !== undefined && earlier.anchor !== flow.target.anchorProperty) {
      issues.push({
        code: 'inconsistent',
        path,
        message: `the contract's anchor property differs from that of lane '${earlier.lane}' on '${system}'`,
        hint: 'lanes writing one system share its anchor property',
      });
      continue;
    }
    anchorOfSystem.set(system, { lane: name, anchor: flow.target.anchorProperty });
    byLane.set(name, contract);
  }
  return { byLane, issues };
}

/** The contract, or `null` when the file does not exist. */
function readContract(file: string, shown: string): LaneContract | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ContractError(
      'contract_unreadable',
      `cannot read the contract file (${code ?? String(cause)})`,
      {
        file: shown,
        cause,
      },
    );
  }
  return parseContract(text, file);
}

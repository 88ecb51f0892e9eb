import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { PresetName } from '../identity/presets/index.js';
import type { IdentityRules } from '../identity/rules.js';
import { ContractError, type ContractIssue, type PathIssue } from './contract-error.js';
import { contractSchema } from './contract-schema.js';
import { resolveIdentity } from './resolve-identity.js';
import { resolveFlow, type LaneFlow } from './resolve-flow.js';
import { formatYamlPath, locateYamlPath } from './yaml-locate.js';
import { fromZodIssues } from './zod-issues.js';

/** A validated lane contract, frozen. */
export interface LaneContract {
  readonly version: 1;
  readonly name?: string;
  readonly lane?: string;
  readonly description?: string;
  readonly identity: IdentityRules;
  /** The preset the identity rules start from, `null` when the contract gives every part itself. */
  readonly presetName: PresetName | null;
  /** The write side (source, target, fields, event key, values); `null` for an identity-only contract. */
  readonly flow: LaneFlow | null;
  /** The file (or name) the contract was read from, as given. */
  readonly file: string;
}

/** Reads and validates a lane contract file. Throws `ContractError` with every problem found. */
export async function loadContract(path: string): Promise<LaneContract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ContractError('contract_not_found', 'contract file not found; check the path', {
        file: path,
        cause,
      });
    }
    throw new ContractError(
      'contract_unreadable',
      `cannot read the contract file (${code ?? String(cause)})`,
      {
        file: path,
        cause,
      },
    );
  }
  return parseContract(text, path);
}

/** Validates lane contract YAML; `fileName` appears in error messages. Throws `ContractError`. */
export function parseContract(text: string, fileName: string): LaneContract {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ContractIssue => {
      const pos = error.linePos?.[0];
      return {
        code: 'yaml_syntax',
        yamlPath: '',
        line: pos?.line ?? null,
        column: pos?.col ?? null,
        message: `YAML syntax error: ${firstLine(error.message)}`,
        hint: null,
      };
    });
    throw new ContractError('contract_syntax', `${issues.length} YAML syntax errors`, {
      file: fileName,
      issues,
    });
  }
  if (doc.contents === null) {
    throw new ContractError(
      'contract_empty',
      "the contract is empty; it needs at least 'version: 1' and 'identity:'",
      {
        file: fileName,
      },
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new ContractError('contract_syntax', `cannot read the YAML: ${(cause as Error).message}`, {
      file: fileName,
      cause,
    });
  }
  const parsed = contractSchema.safeParse(data, { reportInput: true });
  if (!parsed.success)
    invalid(fileName, doc, lineCounter, fromZodIssues(parsed.error.issues, contractSchema));

  const resolved = resolveIdentity(parsed.data.identity);
  const flow = resolveFlow(parsed.data, resolved.rules?.fields.map((f) => f.name) ?? []);
  if (resolved.rules === null || flow.issues.length > 0)
    invalid(fileName, doc, lineCounter, [
      ...resolved.issues,
      ...(resolved.rules === null ? [] : flow.issues),
    ]);

  const { name, lane, description } = parsed.data;
  return Object.freeze({
    version: 1,
    ...(name === undefined ? {} : { name }),
    ...(lane === undefined ? {} : { lane }),
    ...(description === undefined ? {} : { description }),
    identity: resolved.rules,
    presetName: resolved.presetName,
    flow: flow.flow === null ? null : deepFreeze(flow.flow),
    file: fileName,
  });
}

function invalid(file: string, doc: Document, lineCounter: LineCounter, found: readonly PathIssue[]): never {
  const issues = found
    .map((issue): ContractIssue => {
      const at = locateYamlPath(doc, lineCounter, issue.path);
      return { ...issue, yamlPath: formatYamlPath(at.path), line: at.line, column: at.column };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const summary =
    issues.length === 1 ? '1 problem in the lane contract' : `${issues.length} problems in the lane contract`;
  throw new ContractError('contract_invalid', summary, { file, issues });
}

/** yaml's messages end with ` at line N, column M:` and a code frame; the location is reported separately. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

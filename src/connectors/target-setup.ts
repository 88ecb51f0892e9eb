/**
 * What a target must offer before Lanekeeper writes to it — a token it accepts, the scopes the calls need,
 * the properties the lanes write — and what a connector reports when it checks. Vendor-free: each connector
 * says how its system is checked (`TargetConnector.checkSetup`) and how a property is created
 * (`TargetConnector.createProperty`).
 */

/** A property Lanekeeper writes on a target object. */
export interface RequiredProperty {
  readonly object: string;
  readonly name: string;
  /** Must hold unique values (the anchor). */
  readonly unique: boolean;
  /** Why: `anchor`, `provenance`, or `mapped by lane <name>`. */
  readonly why: string;
}

export const SETUP_PROBLEM_KINDS = ['token', 'scope', 'property', 'unreachable'] as const;
export type SetupProblemKind = (typeof SETUP_PROBLEM_KINDS)[number];

export interface SetupProblem {
  readonly kind: SetupProblemKind;
  readonly object?: string;
  readonly property?: string;
  /** What is wrong, naming the object, property or scope. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** For a missing property: how an admin creates it by hand in the system's own settings. */
  readonly manual?: string;
}

export interface SetupCheck {
  /** Everything that stops Lanekeeper from writing; empty when the target is ready. */
  readonly problems: readonly SetupProblem[];
  /** Required properties the target lacks (each also a problem), which `lanekeeper setup` can create. */
  readonly missing: readonly RequiredProperty[];
  /** Whether the token may create properties: unknown when the target does not say which scopes it has. */
  readonly canCreate?: boolean;
  /** The token's scopes, when the target says. */
  readonly scopes?: readonly string[];
}

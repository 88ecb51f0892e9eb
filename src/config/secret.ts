import { inspect } from 'node:util';

/**
 * A credential read from the environment. It prints as `[secret NAME]` everywhere (logs, JSON, inspect),
 * so that a config object can be logged without leaking; `reveal()` is the one way to the value.
 */
export class Secret {
  readonly #value: string;

  constructor(
    /** The environment variable it came from. */
    readonly envName: string,
    value: string,
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return `[secret ${this.envName}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

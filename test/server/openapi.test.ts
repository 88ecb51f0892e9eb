import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HTTP_ERROR_STATUS } from '../../src/server/http-error.js';
import { ROUTES } from '../../src/server/routes.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { Error: { properties: { code: { enum: string[] } } } } };
}

const spec = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as OpenApi;

describe('docs/openapi.yaml', () => {
  it('documents exactly the routes the router serves', () => {
    const documented = Object.entries(spec.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => METHODS.includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const served = ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(documented).toEqual(served);
  });

  it('lists every error code the server answers with', () => {
    expect([...spec.components.schemas.Error.properties.code.enum].sort()).toEqual(
      Object.keys(HTTP_ERROR_STATUS).sort(),
    );
  });

  it('has no dangling $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(spec);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
      expect(target, ref).toBeDefined();
    }
  });
});

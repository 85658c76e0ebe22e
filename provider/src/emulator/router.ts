import { type RouteDefinition, type RouteHandler } from "./route-context";

export interface RouteMatch {
  readonly handler: RouteHandler;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Express-style matching, with Express's leniency: static segments compare case-insensitively (so
 * `/v1/accounts/<sid>` reaches the account handler, which then cannot parse the SID, portal-behaviour.md §0.1), one trailing slash is
 * ignored, and HEAD uses the GET routes.
 */
export class Router {
  constructor(private readonly routes: readonly RouteDefinition[]) {}

  match(method: string, pathname: string): RouteMatch | undefined {
    const wanted = method === "HEAD" ? "GET" : method;
    const segments = split(pathname);
    for (const route of this.routes) {
      if (route.method !== wanted) continue;
      const params = matchSegments(split(route.path), segments);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/");
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const value = actual[i] ?? "";
    if (part.startsWith(":")) {
      if (value === "") return undefined;
      params[part.slice(1)] = safeDecode(value);
    } else if (part.toLowerCase() !== value.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
